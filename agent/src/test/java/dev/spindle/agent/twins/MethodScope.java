package dev.spindle.agent.twins;

import dev.spindle.agent.twins.TwinMethodGenerator.Callee;
import dev.spindle.agent.twins.TwinMethodGenerator.Flavor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the statement and expression writers of one generated method share: the seeded choices,
 * the locals in scope, and counters that keep names, await sites and trace tags unique.
 */
final class MethodScope {
  /** A local variable in scope; loop counters and loop variables are not assignable. */
  record Local(String name, ValueType type, boolean assignable) {}

  final SplittableRandom random;
  final Flavor flavor;
  final boolean isStatic;
  final List<Callee> callees;
  private final Deque<List<Local>> scopes = new ArrayDeque<>();
  int names;
  int sites;
  int tags;

  MethodScope(long seed, Flavor flavor, boolean isStatic, List<Callee> callees) {
    this.random = new SplittableRandom(seed);
    this.flavor = flavor;
    this.isStatic = isStatic;
    this.callees = callees;
  }

  void enter() {
    scopes.push(new ArrayList<>());
  }

  void exit() {
    scopes.pop();
  }

  void declare(Local local) {
    scopes.peek().add(local);
  }

  Local anyLocal(ValueType type) {
    List<Local> candidates = new ArrayList<>();
    for (List<Local> scope : scopes) {
      for (Local local : scope) {
        if (local.type() == type) {
          candidates.add(local);
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  Local assignableLocal(ValueType... types) {
    List<Local> candidates = new ArrayList<>();
    for (List<Local> scope : scopes) {
      for (Local local : scope) {
        if (local.assignable() && (types == null || List.of(types).contains(local.type()))) {
          candidates.add(local);
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  ValueType anyType() {
    return ValueType.ALL[random.nextInt(ValueType.ALL.length)];
  }

  ValueType anyScalarType() {
    return pick(ValueType.INT, ValueType.LONG, ValueType.FLOAT, ValueType.DOUBLE,
        ValueType.BOOLEAN, ValueType.CHAR, ValueType.STRING);
  }

  @SafeVarargs
  final <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }
}
