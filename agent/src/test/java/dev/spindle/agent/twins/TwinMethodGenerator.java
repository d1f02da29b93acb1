package dev.spindle.agent.twins;

import dev.spindle.agent.twins.MethodScope.Local;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the body of one generated method from a seed: random statements and expressions over
 * locals of every {@link ValueType}, with awaits in any position. Run twice with the same seed it
 * makes the same decisions; only the {@link Flavor} changes how an await and a return are
 * spelled, so the async method and its synchronous twin differ in exactly those places.
 *
 * <p>Everything generated terminates (loops count to at most 3) and compiles (every local is
 * initialized, names never shadow, {@code break}, {@code return} and {@code throw} only appear
 * behind an {@code if}, so no statement is ever unreachable). How big and how shaped the body
 * is, its {@link Profile} says: small, or large like a request handler.
 */
final class TwinMethodGenerator {
  /** The two spellings of the same method. */
  enum Flavor { ASYNC, SYNC }

  /** An earlier method of the same class this one may call (and await). */
  record Callee(int index, boolean isStatic) {}

  /** About how many times javac copies a finally body: normal exit, exception, a jump or two. */
  private static final int FINALLY_COPIES = 3;

  /** Top-level statements per section of a large body. */
  private static final int SECTION_STATEMENTS = 6;

  private final Profile profile;
  private final MethodScope scope;
  private final ExpressionWriter expressions;
  private final StringBuilder out = new StringBuilder();
  private int loops;
  private int breakables;
  private int statementBudget;
  /** Simple statements only: set in a large method's finally body. */
  private boolean flat;
  /** Labels of the enclosing labelled loops, innermost last. */
  private List<String> labels = new ArrayList<>();
  /** Async lambdas being written around the current statement. */
  private int lambdaDepth;
  private static final int MAX_LAMBDA_NESTING = 2;
  /** No lambda deeper than this in blocks: its body nests further. */
  private static final int LAMBDA_MAX_DEPTH = 4;

  TwinMethodGenerator(long seed, Flavor flavor, boolean isStatic, List<Callee> callees,
      Profile profile) {
    this.profile = profile;
    this.scope = new MethodScope(seed, flavor, isStatic, callees, profile.maxAwaitSites());
    this.expressions = new ExpressionWriter(scope);
  }

  /** The method's body, its final return included, indented for a class body. */
  String body() {
    scope.enter();
    scope.declare(new Local("pi", ValueType.INT, true));
    scope.declare(new Local("pl", ValueType.LONG, true));
    scope.declare(new Local("pd", ValueType.DOUBLE, true));
    scope.declare(new Local("ps", ValueType.STRING, true));
    LiveLocals live = profile.maxLiveLocals() == 0 ? null
        : LiveLocals.declare(scope, expressions, this, profile.maxLiveLocals());
    statementBudget = profile.statementBudget(scope.random);
    if (live == null) {
      int count = 2 + scope.random.nextInt(6);
      for (int i = 0; i < count && statementBudget > 0; i++) {
        statement(1);
      }
    } else {
      sections();
      live.record(this);
    }
    line(1, returnStatement(expression(scope.anyType(), 0)));
    return out.toString();
  }

  /**
   * A large body: sections of statements, each in a try that catches what generated code throws
   * itself, as handlers do, so that most runs get to the end and record the live locals there.
   */
  private void sections() {
    while (statementBudget > 0) {
      line(1, "try {");
      scope.enter();
      for (int i = 0; i < SECTION_STATEMENTS && statementBudget > 0; i++) {
        statement(2);
      }
      scope.exit();
      String name = "e" + scope.names++;
      // some let ArithmeticException through: its line is compared with the twin's
      line(1, "} catch (" + scope.pick("Boom | ArithmeticException", "Boom") + " " + name + ") {");
      line(2, "trace.add(\"c" + scope.tags++ + "\", " + name + ".getMessage());");
      line(1, "}");
    }
  }

  // ------------------------------------------------------------------ statements

  private void statement(int depth) {
    if (lambdaDepth < MAX_LAMBDA_NESTING && !flat && scope.mayAwait() && depth < LAMBDA_MAX_DEPTH
        && scope.lambdaRandom.nextInt(profile.handlerShapes() ? 40 : 8) == 0) {
      new AsyncLambdaWriter(scope, expressions, this).write(depth); // before the statement the
    } // method's own choices make here, so those stay as they were without lambdas
    statementBudget--;
    boolean canNest = depth < profile.maxNesting() && statementBudget > 0 && !flat;
    int choice = scope.random.nextInt(canNest ? (profile.handlerShapes() ? 29 : 25) : 11);
    switch (choice) {
      case 0, 1, 2 -> declare(depth);
      case 3, 4 -> assign(depth);
      case 5 -> compoundAssign(depth);
      case 6 -> arrayStore(depth);
      case 7 -> record(depth);
      case 8 -> { // an early exit ends a large method rarely, as in handlers
        if (!profile.handlerShapes() || scope.random.nextInt(4) == 0) {
          guarded(depth);
        } else {
          record(depth);
        }
      }
      case 9 -> fieldStore(depth);
      case 10 -> increment(depth);
      case 11, 12, 13 -> ifElse(depth);
      case 14 -> forLoop(depth);
      case 15 -> whileLoop(depth);
      case 16 -> doWhileLoop(depth);
      case 17 -> forEachLoop(depth);
      case 18 -> intSwitch(depth);
      case 19 -> stringSwitch(depth);
      case 20, 21 -> tryCatch(depth);
      case 22 -> block(depth);
      case 23 -> tryWithResources(depth);
      case 25, 26 -> handlerShapes().synchronizedBlock(depth);
      case 27, 28 -> handlerShapes().escapingSynchronized(depth);
      default -> record(depth);
    }
  }

  /**
   * Writes a lambda body's statements at {@code depth}: no loop or label of the enclosing method
   * is in reach (a lambda cannot break out of it), and the body has a statement budget of its own.
   */
  void lambdaBody(int depth, int budget) {
    int outerLoops = loops;
    int outerBreakables = breakables;
    int outerBudget = statementBudget;
    List<String> outerLabels = labels;
    loops = 0;
    breakables = 0;
    statementBudget = budget;
    labels = new ArrayList<>();
    lambdaDepth++;
    try {
      for (int i = 0; i < budget && statementBudget > 0; i++) {
        statement(depth);
      }
    } finally {
      lambdaDepth--;
      loops = outerLoops;
      breakables = outerBreakables;
      statementBudget = outerBudget;
      labels = outerLabels;
    }
  }

  private SynchronizedShapes handlerShapes() {
    return new SynchronizedShapes(scope, expressions, this);
  }

  private void declare(int depth) {
    ValueType type = scope.anyType();
    String value = type == ValueType.STRING ? "Fn.cap(" + expression(type, 0) + ")"
        : type == ValueType.INT_ARRAY ? expressions.newArray(0) : expression(type, 0);
    String name = "v" + scope.names++;
    line(depth, type.javaName + " " + name + " = " + value + ";");
    scope.declare(new Local(name, type, true));
  }

  private void assign(int depth) {
    Local local = scope.assignableLocal((ValueType[]) null);
    if (local == null) {
      declare(depth);
      return;
    }
    String value = local.type() == ValueType.STRING ? "Fn.cap(" + expression(local.type(), 0) + ")"
        : local.type() == ValueType.INT_ARRAY ? expressions.newArray(0)
        : expression(local.type(), 0);
    line(depth, local.name() + " = " + value + ";");
  }

  private void compoundAssign(int depth) {
    Local local = scope.assignableLocal(ValueType.INT, ValueType.LONG, ValueType.DOUBLE,
        ValueType.FLOAT, ValueType.STRING);
    if (local == null) {
      record(depth);
      return;
    }
    if (local.type() == ValueType.STRING) {
      line(depth, local.name() + " = Fn.cap(" + local.name() + " + "
          + expression(scope.anyScalarType(), 1) + ");");
      return;
    }
    String operator = local.type() == ValueType.INT || local.type() == ValueType.LONG
        ? scope.pick("+=", "-=", "*=", "^=", "|=") : scope.pick("+=", "-=", "*=");
    line(depth, local.name() + " " + operator + " " + expression(local.type(), 1) + ";");
  }

  private void arrayStore(int depth) {
    Local array = scope.anyLocal(ValueType.INT_ARRAY);
    if (array == null) {
      declare(depth);
      return;
    }
    String index = "Fn.idx(" + expression(ValueType.INT, 1) + ", " + array.name() + ".length)";
    line(depth, array.name() + "[" + index + "] " + scope.pick("=", "+=", "^=") + " "
        + expression(ValueType.INT, 1) + ";");
  }

  private void record(int depth) {
    String tag = "\"t" + scope.tags++ + "\"";
    if (scope.random.nextBoolean()) {
      line(depth, "trace.add(" + tag + ", " + expression(scope.anyType(), 0) + ");");
    } else {
      line(depth, "trace.add(" + tag + ", " + expression(scope.anyType(), 1) + ", "
          + expression(scope.anyType(), 1) + ", " + expression(scope.anyType(), 1) + ");");
    }
  }

  /** An early return, a throw, a break or a continue, behind a condition. */
  private void guarded(int depth) {
    String condition = expression(ValueType.BOOLEAN, 1);
    int choice = scope.random.nextInt(loops > 0 ? 5 : 2);
    String action = switch (choice) {
      case 0 -> returnStatement(expression(scope.anyType(), 1));
      case 1 -> "throw new Boom(\"b" + scope.tags++ + ":\" + "
          + expression(scope.anyScalarType(), 2) + ");";
      case 2 -> breakables > 0 ? "break;" : "continue;";
      case 3 -> labels.isEmpty() ? "continue;" // to an enclosing labelled loop, maybe an outer one
          : scope.pick("break ", "continue ")
              + labels.get(scope.random.nextInt(labels.size())) + ";";
      default -> "continue;";
    };
    line(depth, "if (" + condition + ") " + action);
  }

  private void fieldStore(int depth) {
    if (scope.isStatic) {
      record(depth);
      return;
    }
    switch (scope.random.nextInt(4)) {
      case 0 -> line(depth, "this.fi " + scope.pick("=", "+=") + " " + expression(ValueType.INT, 1)
          + ";");
      case 1 -> line(depth, "fl = " + expression(ValueType.LONG, 1) + ";");
      case 2 -> line(depth, "fs = Fn.cap(fs + " + expression(scope.anyScalarType(), 1) + ");");
      default -> line(depth, "fa[Fn.idx(" + expression(ValueType.INT, 1) + ", fa.length)] = "
          + expression(ValueType.INT, 1) + ";");
    }
  }

  private void increment(int depth) {
    Local local = scope.assignableLocal(ValueType.INT, ValueType.LONG, ValueType.CHAR);
    if (local == null) {
      record(depth);
      return;
    }
    line(depth, scope.pick(local.name() + "++;", "++" + local.name() + ";", local.name() + "--;"));
  }

  private void ifElse(int depth) {
    line(depth, "if (" + expression(ValueType.BOOLEAN, 0) + ") {");
    nested(depth + 1);
    if (scope.random.nextBoolean()) {
      line(depth, "} else {");
      nested(depth + 1);
    }
    line(depth, "}");
  }

  private void forLoop(int depth) {
    String counter = "i" + scope.names++;
    String bound = String.valueOf(scope.random.nextInt(4));
    String extra = scope.random.nextInt(3) == 0 ? " && " + expression(ValueType.BOOLEAN, 1) : "";
    String label = scope.random.nextBoolean() ? "l" + scope.names++ : null;
    line(depth, (label == null ? "" : label + ": ") + "for (int " + counter + " = 0; " + counter
        + " < " + bound + extra + "; " + counter + "++) {");
    if (label != null) {
      labels.add(label);
    }
    loopBody(depth, new Local(counter, ValueType.INT, false));
    if (label != null) {
      labels.remove(label);
    }
    line(depth, "}");
  }

  private void whileLoop(int depth) {
    String counter = "w" + scope.names++;
    line(depth, "int " + counter + " = 0;");
    scope.declare(new Local(counter, ValueType.INT, false));
    line(depth, "while (" + counter + " < " + (1 + scope.random.nextInt(3)) + " && "
        + expression(ValueType.BOOLEAN, 1) + ") {");
    line(depth + 1, counter + "++;");
    loopBody(depth, null);
    line(depth, "}");
  }

  private void doWhileLoop(int depth) {
    String counter = "d" + scope.names++;
    line(depth, "int " + counter + " = 0;");
    scope.declare(new Local(counter, ValueType.INT, false));
    line(depth, "do {");
    line(depth + 1, counter + "++;");
    loopBody(depth, null);
    line(depth, "} while (" + counter + " < " + (1 + scope.random.nextInt(3)) + " && "
        + expression(ValueType.BOOLEAN, 1) + ");");
  }

  private void forEachLoop(int depth) {
    String element = "x" + scope.names++;
    Local array = scope.anyLocal(ValueType.INT_ARRAY);
    String iterable = array != null && scope.random.nextBoolean() ? array.name()
        : expressions.newArray(1);
    line(depth, "for (int " + element + " : " + iterable + ") {");
    loopBody(depth, new Local(element, ValueType.INT, false));
    line(depth, "}");
  }

  private void loopBody(int depth, Local loopVariable) {
    loops++;
    breakables++;
    scope.enter();
    if (loopVariable != null) {
      scope.declare(loopVariable);
    }
    statements(depth + 1);
    scope.exit();
    breakables--;
    loops--;
  }

  private void intSwitch(int depth) {
    line(depth, "switch (Fn.idx(" + expression(ValueType.INT, 1) + ", 4)) {");
    switchCases(depth, new String[] {"0", "1", "2"});
    line(depth, "}");
  }

  private void stringSwitch(int depth) {
    line(depth, "switch (Fn.key(" + expression(ValueType.INT, 1) + ")) {");
    switchCases(depth, new String[] {"\"a\"", "\"b\""});
    line(depth, "}");
  }

  private void switchCases(int depth, String[] labels) {
    breakables++;
    for (String label : labels) {
      line(depth + 1, "case " + label + ": {");
      nested(depth + 2);
      line(depth + 1, scope.random.nextInt(3) == 0 ? "}" : "} break;"); // sometimes falls through
    }
    line(depth + 1, "default: {");
    nested(depth + 2);
    line(depth + 1, "}");
    breakables--;
  }

  private void tryCatch(int depth) {
    line(depth, "try {");
    nested(depth + 1);
    int shape = scope.random.nextInt(3); // catch, finally, or both
    if (shape != 1) {
      List<String> caught = new ArrayList<>(List.of("SourceFailure", "Boom",
          "ArithmeticException"));
      int clauses = 1 + scope.random.nextInt(2);
      for (int i = 0; i < clauses && !caught.isEmpty(); i++) {
        String type = caught.remove(scope.random.nextInt(caught.size()));
        if (scope.random.nextInt(3) == 0 && !caught.isEmpty()) {
          type = type + " | " + caught.remove(scope.random.nextInt(caught.size()));
        }
        catchClause(depth, type);
      }
      if (scope.random.nextInt(3) == 0) {
        catchClause(depth, "RuntimeException");
      }
    }
    if (shape != 0) {
      line(depth, "} finally {");
      finallyBody(depth + 1);
    }
    line(depth, "}");
  }

  /**
   * A finally body. javac copies it into every exit of its try, so a large method's holds simple
   * statements only (their awaits are copied too: what this is for).
   */
  void finallyBody(int depth) {
    boolean wasFlat = flat;
    flat = flat || profile.handlerShapes();
    scope.copiesPerSite *= FINALLY_COPIES;
    nested(depth);
    scope.copiesPerSite /= FINALLY_COPIES;
    flat = wasFlat;
  }

  private void tryWithResources(int depth) {
    StringBuilder resources = new StringBuilder();
    int count = 1 + scope.random.nextInt(2);
    for (int i = 0; i < count; i++) {
      String name = "r" + scope.names++;
      resources.append(i == 0 ? "" : "; ").append("Res ").append(name)
          .append(" = new Res(trace, \"").append(name).append("\", ")
          .append(expression(ValueType.INT, 1)).append(")");
    }
    line(depth, "try (" + resources + ") {");
    nested(depth + 1);
    if (scope.random.nextBoolean()) {
      catchClause(depth, scope.pick("Boom", "Boom | SourceFailure", "RuntimeException"));
    }
    line(depth, "}");
  }

  void catchClause(int depth, String type) {
    String name = "e" + scope.names++;
    line(depth, "} catch (" + type + " " + name + ") {");
    line(depth + 1, "trace.add(\"c" + scope.tags++ + "\", " + name
        + ".getClass().getSimpleName() + \":\" + "
        + name + ".getMessage());");
    nested(depth + 1);
  }

  private void block(int depth) {
    line(depth, "{");
    nested(depth + 1);
    line(depth, "}");
  }

  void nested(int depth) {
    scope.enter();
    statements(depth);
    scope.exit();
  }

  private void statements(int depth) {
    int count = 1 + scope.random.nextInt(3);
    for (int i = 0; i < count; i++) {
      statement(depth);
    }
  }

  String returnStatement(String value) {
    return scope.flavor == Flavor.ASYNC ? "return Task.completed(" + value + ");"
        : "return " + value + ";";
  }

  private String expression(ValueType type, int depth) {
    return expressions.expression(type, depth);
  }

  void line(int depth, String text) {
    out.append("    ".repeat(depth + 1)).append(text).append('\n');
  }
}
