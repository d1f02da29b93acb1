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

  /** The choices of the method; swapped for {@link #lambdaRandom} while a lambda is written. */
  SplittableRandom random;
  /**
   * The choices about async lambdas and their bodies, a stream of their own: the method's own
   * choices, and so the corpus of a seed without lambdas, stay what they were.
   */
  final SplittableRandom lambdaRandom;
  final Flavor flavor;
  final boolean isStatic;
  final List<Callee> callees;
  private final Deque<List<Local>> scopes = new ArrayDeque<>();
  private final int maxAwaitSites;
  /** Synchronized blocks being written: no await may appear in one. */
  private int monitors;
  int names;
  int sites;
  /**
   * Await sites javac will have written so far: the sites (and calls of other generated methods,
   * each an await in the async flavour), each counted once per copy of the finally bodies
   * around it.
   */
  private int compiledSites;
  /** How many copies javac makes of code here: 1 outside finally bodies. */
  int copiesPerSite = 1;
  int tags;

  MethodScope(long seed, Flavor flavor, boolean isStatic, List<Callee> callees,
      int maxAwaitSites) {
    this.random = new SplittableRandom(seed);
    this.lambdaRandom = new SplittableRandom(seed ^ 0x1A3BDA5EEDL);
    this.flavor = flavor;
    this.isStatic = isStatic;
    this.callees = callees;
    this.maxAwaitSites = maxAwaitSites;
  }

  /** Whether an await (or an awaited call) may be written here. */
  boolean mayAwait() {
    return monitors == 0 && compiledSites + copiesPerSite <= maxAwaitSites;
  }

  /** Counts one await site (or awaited call) being written here. */
  void countSite() {
    compiledSites += copiesPerSite;
  }

  /** Writes {@code body} as the inside of a synchronized block, where nothing awaits. */
  void holdingMonitor(Runnable body) {
    monitors++;
    body.run();
    monitors--;
  }

  /**
   * Runs {@code body} as a lambda body is written: with the lambda's choices, only the locals in
   * {@code visible} in scope (a lambda may capture only effectively final ones), and await sites
   * counted apart (they are in a method of their own). Restores all three after.
   */
  void inLambda(List<Local> visible, Runnable body) {
    SplittableRandom outerRandom = random;
    Deque<List<Local>> outerScopes = new ArrayDeque<>(scopes);
    int outerSites = compiledSites;
    int outerCopies = copiesPerSite;
    random = lambdaRandom;
    scopes.clear();
    scopes.push(new ArrayList<>(visible));
    compiledSites = 0;
    copiesPerSite = 1;
    try {
      body.run();
    } finally {
      random = outerRandom;
      scopes.clear();
      scopes.addAll(outerScopes);
      compiledSites = outerSites;
      copiesPerSite = outerCopies;
    }
  }

  /** Runs {@code body} with the choices of {@code choices}, the scope as it is. */
  void withRandom(SplittableRandom choices, Runnable body) {
    SplittableRandom outer = random;
    random = choices;
    try {
      body.run();
    } finally {
      random = outer;
    }
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
