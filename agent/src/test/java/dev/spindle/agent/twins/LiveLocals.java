package dev.spindle.agent.twins;

import dev.spindle.agent.twins.MethodScope.Local;
import java.util.ArrayList;
import java.util.List;

/**
 * The locals a large generated method declares first and records last, so that every one of them
 * is live across every await in between: what makes a state machine save and restore much. Of
 * mixed types, some of which the expression writer never produces (byte, short, long[],
 * String[], Holder); the others join the scope, so statements also read and assign them.
 */
final class LiveLocals {
  private static final int MIN_COUNT = 8;
  private static final String[] OTHER_TYPES = {"byte", "short", "long[]", "String[]", "Holder"};

  private final List<String> names = new ArrayList<>();

  private LiveLocals() {}

  /** Declares between 8 and {@code maxCount} locals at the top of the body. */
  static LiveLocals declare(MethodScope scope, ExpressionWriter expressions,
      TwinMethodGenerator statements, int maxCount) {
    LiveLocals live = new LiveLocals();
    int count = MIN_COUNT + scope.random.nextInt(maxCount - MIN_COUNT + 1);
    for (int i = 0; i < count; i++) {
      String name = "k" + scope.names++;
      live.names.add(name);
      if (scope.random.nextInt(4) == 0) {
        String type = scope.pick(OTHER_TYPES);
        statements.line(1, type + " " + name + " = " + otherValue(type, expressions, scope) + ";");
      } else {
        ValueType type = scope.anyType();
        String value = type == ValueType.STRING
            ? "Fn.cap(" + expressions.expression(type, 0) + ")"
            : type == ValueType.INT_ARRAY ? expressions.newArray(0)
            : expressions.expression(type, 0);
        statements.line(1, type.javaName + " " + name + " = " + value + ";");
        scope.declare(new Local(name, type, true));
      }
    }
    return live;
  }

  private static String otherValue(String type, ExpressionWriter expressions, MethodScope scope) {
    return switch (type) {
      // (int) unboxes an awaited Integer first: Java has no (byte) Integer
      case "byte", "short" -> "(" + type + ") (int) " + expressions.expression(ValueType.INT, 1);
      case "long[]" -> "new long[] {" + expressions.expression(ValueType.LONG, 1) + ", "
          + expressions.expression(ValueType.LONG, 1) + "}";
      case "String[]" -> "new String[] {" + expressions.expression(ValueType.STRING, 1) + "}";
      default -> "new Holder(" + expressions.expression(scope.anyType(), 1) + ", "
          + expressions.expression(scope.anyType(), 1) + ")";
    };
  }

  /** Records every one of them, three to a trace entry, before the final return. */
  void record(TwinMethodGenerator statements) {
    for (int i = 0; i < names.size(); i += 3) {
      List<String> group = names.subList(i, Math.min(i + 3, names.size()));
      statements.line(1, "trace.add(\"live\", " + String.join(", ", group)
          + (group.size() == 3 ? "" : group.size() == 2 ? ", null" : ", null, null") + ");");
    }
  }
}
