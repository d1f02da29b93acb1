package dev.spindle.agent.twins;

/**
 * The {@code synchronized} shapes of large generated methods: a synchronized block with awaits
 * before and after it (its lock maybe awaited itself), and an exception thrown inside one that
 * escapes through javac's catch-any handler (which releases the monitor) into a catch or finally
 * that awaits. No await is ever written inside the block: the rewriter refuses those.
 */
final class SynchronizedShapes {
  private final MethodScope scope;
  private final ExpressionWriter expressions;
  private final TwinMethodGenerator statements;

  SynchronizedShapes(MethodScope scope, ExpressionWriter expressions,
      TwinMethodGenerator statements) {
    this.scope = scope;
    this.expressions = expressions;
    this.statements = statements;
  }

  /** {@code synchronized (lock) { ... }}, nothing in it awaiting. */
  void synchronizedBlock(int depth) {
    statements.line(depth, "synchronized (" + lock() + ") {");
    scope.holdingMonitor(() -> statements.nested(depth + 1));
    statements.line(depth, "}");
  }

  /**
   * {@code try { ...; synchronized (lock) { ...; if (c) throw ...; } ... } catch (...) { await }},
   * or the same with a finally that awaits, or both.
   */
  void escapingSynchronized(int depth) {
    statements.line(depth, "try {");
    if (scope.random.nextBoolean()) {
      statements.nested(depth + 1);
    }
    statements.line(depth + 1, "synchronized (" + lock() + ") {");
    scope.holdingMonitor(() -> {
      statements.nested(depth + 2);
      statements.line(depth + 2, "if (" + expressions.expression(ValueType.BOOLEAN, 1)
          + ") throw new Boom(\"m" + scope.tags++ + ":\" + "
          + expressions.expression(scope.anyScalarType(), 2) + ");");
    });
    statements.line(depth + 1, "}");
    if (scope.random.nextBoolean()) {
      statements.nested(depth + 1);
    }
    int shape = scope.random.nextInt(3); // catch, finally, or both
    if (shape != 1) {
      String type = scope.pick("Boom", "Boom | ArithmeticException", "RuntimeException");
      String name = "e" + scope.names++;
      statements.line(depth, "} catch (" + type + " " + name + ") {");
      statements.line(depth + 1, "trace.add(\"c" + scope.tags++ + "\", " + name
          + ".getClass().getSimpleName() + \":\" + " + name + ".getMessage());");
      awaitNow(depth + 1);
      statements.nested(depth + 1);
    }
    if (shape != 0) {
      statements.line(depth, "} finally {");
      awaitNow(depth + 1);
      statements.finallyBody(depth + 1);
    }
    statements.line(depth, "}");
  }

  /** An await as the handler's first act, while the sites last. */
  private void awaitNow(int depth) {
    if (scope.mayAwait()) {
      ValueType type = scope.pick(ValueType.INT, ValueType.LONG, ValueType.STRING,
          ValueType.DOUBLE, ValueType.OBJECT);
      statements.line(depth, "trace.add(\"h" + scope.tags++ + "\", "
          + expressions.awaitSite(type) + ");");
    }
  }

  /** A lock: one of the method's objects, or a string just awaited (so an await right before). */
  private String lock() {
    int choice = scope.random.nextInt(4);
    if (choice == 0 && scope.mayAwait()) {
      return expressions.awaitSite(ValueType.STRING);
    }
    return choice == 1 && !scope.isStatic ? "this" : choice == 2 ? "src" : "trace";
  }
}
