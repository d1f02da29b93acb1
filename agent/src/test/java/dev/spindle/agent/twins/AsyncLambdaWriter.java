package dev.spindle.agent.twins;

import dev.spindle.agent.twins.MethodScope.Local;
import dev.spindle.agent.twins.TwinMethodGenerator.Flavor;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one async lambda statement (issue #13): fresh {@code final} copies of values computed
 * here (the locals it captures), the lambda (its body generated like a method's, awaiting
 * anywhere, reading captured locals, its parameters and, in an instance method, {@code this}),
 * and one or two calls whose results go to the trace. The async flavour's lambda returns
 * {@code Task<Object>} and its calls are awaited; the twin's returns {@code Object} and is called
 * directly. Two functional interfaces: {@link Fn.AsyncLambda} (an {@code int} and a
 * {@code String}) and {@code java.util.function.Function<String, ...>}.
 */
final class AsyncLambdaWriter {
  private final MethodScope scope;
  private final ExpressionWriter expressions;
  private final TwinMethodGenerator statements;

  AsyncLambdaWriter(MethodScope scope, ExpressionWriter expressions,
      TwinMethodGenerator statements) {
    this.scope = scope;
    this.expressions = expressions;
    this.statements = statements;
  }

  void write(int depth) {
    boolean async = scope.flavor == Flavor.ASYNC;
    boolean function = scope.lambdaRandom.nextBoolean();
    List<Local> visible = new ArrayList<>();
    int captures = scope.lambdaRandom.nextInt(3);
    // the captured copies are computed with the lambda's choices too: see MethodScope.inLambda
    for (int i = 0; i < captures; i++) {
      ValueType type = ValueType.ALL[scope.lambdaRandom.nextInt(ValueType.ALL.length)];
      String name = "c" + scope.names++;
      String value = withLambdaChoices(() -> type == ValueType.INT_ARRAY
          ? expressions.newArray(1) : expressions.expression(type, 1));
      statements.line(depth, "final " + type.javaName + " " + name + " = " + value + ";");
      Local captured = new Local(name, type, false);
      scope.declare(captured);
      visible.add(captured);
    }
    String lambda = "f" + scope.names++;
    String first = "q" + scope.names++;
    String second = function ? null : "q" + scope.names++;
    String type = function
        ? "java.util.function.Function<String, " + (async ? "Task<Object>" : "Object") + ">"
        : async ? "Fn.AsyncLambda" : "Fn.SyncLambda";
    statements.line(depth, type + " " + lambda + " = " + (function ? first
        : "(" + first + ", " + second + ")") + " -> {");
    visible.add(new Local(first, function ? ValueType.STRING : ValueType.INT, true));
    if (second != null) {
      visible.add(new Local(second, ValueType.STRING, true));
    } else {
      visible.add(new Local("n" + first, ValueType.INT, true)); // an int for conditions to read
    }
    int budget = 1 + scope.lambdaRandom.nextInt(4);
    scope.inLambda(visible, () -> {
      if (second == null) {
        statements.line(depth + 1, "int n" + first + " = " + first + ".length();");
      }
      statements.lambdaBody(depth + 1, budget);
      statements.line(depth + 1, statements.returnStatement(
          expressions.expression(scope.anyType(), 0)));
    });
    statements.line(depth, "};");
    int calls = 1 + scope.lambdaRandom.nextInt(2);
    List<String> results = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String arguments = withLambdaChoices(() -> function
          ? expressions.expression(ValueType.STRING, 1)
          : expressions.expression(ValueType.INT, 1) + ", "
              + expressions.expression(ValueType.STRING, 1));
      String call = lambda + "." + (function ? "apply" : "call") + "(" + arguments + ")";
      scope.countSite();
      results.add(async ? "await(" + call + ")" : call);
    }
    String tag = "\"l" + scope.tags++ + "\"";
    statements.line(depth, results.size() == 1 ? "trace.add(" + tag + ", " + results.get(0) + ");"
        : "trace.add(" + tag + ", " + results.get(0) + ", " + results.get(1) + ", " + lambda
            + " != null);");
  }

  /** {@code writer} run with the lambda's choices, over the locals in scope here. */
  private String withLambdaChoices(java.util.function.Supplier<String> writer) {
    String[] written = new String[1];
    scope.withRandom(scope.lambdaRandom, () -> written[0] = writer.get());
    return written[0];
  }
}
