package dev.spindle.agent.twins;

import dev.spindle.agent.twins.MethodScope.Local;
import dev.spindle.agent.twins.TwinMethodGenerator.Callee;
import dev.spindle.agent.twins.TwinMethodGenerator.Flavor;

/**
 * Writes random expressions of a given {@link ValueType} over the locals in scope: arithmetic,
 * comparisons, casts, ternaries, string concatenation, several-argument calls,
 * {@code new Holder(a, b)}, array reads, increments and, anywhere, an await (spelled by the
 * {@link Flavor}).
 */
final class ExpressionWriter {
  private static final int MAX_EXPRESSION_DEPTH = 2;

  private final MethodScope scope;

  ExpressionWriter(MethodScope scope) {
    this.scope = scope;
  }

  /** An expression of {@code type}; deeper ones are simpler. */
  String expression(ValueType type, int depth) {
    if (type.awaitable() && scope.random.nextInt(4) == 0 && scope.mayAwait()) {
      return awaitSite(type);
    }
    if (depth >= MAX_EXPRESSION_DEPTH || scope.random.nextInt(3) == 0) {
      return leaf(type, depth);
    }
    int next = depth + 1;
    return switch (type) {
      case INT -> intExpression(next);
      case LONG -> switch (scope.random.nextInt(4)) {
        case 0 -> "(" + expression(type, next) + " " + scope.pick("+", "-", "*", "^") + " "
            + expression(type, next) + ")";
        case 1 -> "((long) " + expression(ValueType.INT, next) + ")";
        case 2 -> "Fn.mixl(" + expression(type, next) + ", " + expression(ValueType.INT, next)
            + ", " + expression(type, next) + ")";
        default -> scope.isStatic ? leaf(type, depth) : "this.fl";
      };
      case FLOAT -> scope.random.nextBoolean()
          ? "(" + expression(type, next) + " " + scope.pick("+", "-", "*") + " "
              + expression(type, next) + ")"
          : "((float) " + expression(ValueType.INT, next) + ")";
      case DOUBLE -> switch (scope.random.nextInt(4)) {
        case 0 -> "(" + expression(type, next) + " " + scope.pick("+", "-", "*", "/") + " "
            + expression(type, next) + ")";
        case 1 -> "((double) " + expression(ValueType.LONG, next) + ")";
        case 2 -> "Fn.mixd(" + expression(type, next) + ", " + expression(ValueType.FLOAT, next)
            + ")";
        default -> "(" + expression(ValueType.BOOLEAN, next) + " ? " + expression(type, next)
            + " : " + expression(type, next) + ")";
      };
      case BOOLEAN -> booleanExpression(next);
      case CHAR -> switch (scope.random.nextInt(3)) {
        case 0 -> "Fn.ch(" + expression(ValueType.INT, next) + ")";
        case 1 -> "Fn.first(" + expression(ValueType.STRING, next) + ")";
        default -> "(" + expression(ValueType.BOOLEAN, next) + " ? " + expression(type, next)
            + " : " + expression(type, next) + ")";
      };
      case STRING -> stringExpression(next);
      case OBJECT -> objectExpression(next);
      case INT_ARRAY -> scope.random.nextBoolean() ? newArray(next)
          : "Fn.arr(" + expression(ValueType.INT, next) + ", " + expression(ValueType.INT, next)
              + ")";
    };
  }

  private String intExpression(int next) {
    switch (scope.random.nextInt(11)) {
      case 0, 1 -> {
        return "(" + expression(ValueType.INT, next) + " "
            + scope.pick("+", "-", "*", "^", "&", "|")
            + " " + expression(ValueType.INT, next) + ")";
      }
      case 2 -> {
        return "(" + expression(ValueType.INT, next) + " " + scope.pick("/", "%") + " "
            + expression(ValueType.INT, next) + ")"; // may throw ArithmeticException: fine
      }
      case 3 -> {
        return "(" + expression(ValueType.INT, next) + " << (" + expression(ValueType.INT, next)
            + " & 7))";
      }
      case 4 -> {
        return "Fn.mix(" + expression(ValueType.INT, next) + ", "
            + expression(ValueType.INT, next) + ", " + expression(ValueType.INT, next) + ")";
      }
      case 5 -> {
        return "(" + expression(ValueType.BOOLEAN, next) + " ? "
            + expression(ValueType.INT, next) + " : " + expression(ValueType.INT, next) + ")";
      }
      case 6 -> {
        // the inner cast unboxes an awaited Long, Double or Float: Java has no (int) Double
        ValueType from =
            scope.pick(ValueType.LONG, ValueType.DOUBLE, ValueType.CHAR, ValueType.FLOAT);
        return "((int) (" + from.javaName + ") " + expression(from, next) + ")";
      }
      case 7 -> {
        return expression(ValueType.STRING, next) + ".length()";
      }
      case 8 -> {
        Local array = scope.anyLocal(ValueType.INT_ARRAY);
        if (array != null) {
          return array.name() + "[Fn.idx(" + expression(ValueType.INT, next) + ", " + array.name()
              + ".length)]";
        }
        return scope.isStatic ? "(-" + expression(ValueType.INT, next) + ")" : "this.fi";
      }
      case 9 -> {
        Local local = scope.assignableLocal(ValueType.INT);
        return local == null ? "(~" + expression(ValueType.INT, next) + ")"
            : "(" + local.name() + scope.pick("++", "--") + ")";
      }
      default -> {
        return "(-" + expression(ValueType.INT, next) + ")";
      }
    }
  }

  private String booleanExpression(int next) {
    return switch (scope.random.nextInt(7)) {
      case 6 -> "((Object) " + expression(ValueType.OBJECT, next) + " instanceof "
          + scope.pick("String", "Holder", "Integer") + ")";
      case 0 -> "(" + expression(ValueType.INT, next) + " " + scope.pick("<", "<=", "==", "!=", ">")
          + " " + expression(ValueType.INT, next) + ")";
      case 1 -> "(" + expression(ValueType.BOOLEAN, next) + " " + scope.pick("&&", "||") + " "
          + expression(ValueType.BOOLEAN, next) + ")";
      case 2 -> "(!" + expression(ValueType.BOOLEAN, next) + ")";
      case 3 -> "("
          + expression(scope.pick(ValueType.LONG, ValueType.DOUBLE, ValueType.FLOAT), next)
          + " " + scope.pick("<", ">=") + " " + expression(ValueType.INT, next) + ")";
      case 4 -> expression(ValueType.STRING, next) + scope.pick(".isEmpty()", ".startsWith(\"s\")");
      default -> "(" + expression(ValueType.CHAR, next) + " " + scope.pick("<", "==") + " 'm')";
    };
  }

  private String stringExpression(int next) {
    return switch (scope.random.nextInt(5)) {
      case 0, 1 -> {
        StringBuilder concatenation = new StringBuilder("(\"\"");
        int parts = 2 + scope.random.nextInt(3);
        for (int i = 0; i < parts; i++) {
          // scalars only: an array or an arbitrary Object would print its identity hash
          concatenation.append(" + ").append(expression(scope.anyScalarType(), next));
        }
        yield concatenation.append(")").toString();
      }
      case 2 -> {
        ValueType type = scope.anyScalarType(); // the cast picks one overload for an awaited value
        yield "String.valueOf((" + type.javaName + ") " + expression(type, next) + ")";
      }
      case 3 -> "Fn.join(" + expression(scope.anyType(), next) + ", "
          + expression(scope.anyType(), next)
          + ", " + expression(scope.anyType(), next) + ")";
      default -> scope.isStatic ? "Fn.cap(" + expression(ValueType.STRING, next) + ")" : "this.fs";
    };
  }

  private String objectExpression(int next) {
    int choice = scope.random.nextInt(scope.callees.isEmpty() || !scope.mayAwait() ? 4 : 6);
    return switch (choice) {
      case 0, 1 -> "new Holder(" + expression(scope.anyType(), next) + ", "
          + expression(scope.anyType(), next) + ")";
      case 2 -> "((Object) " + expression(scope.anyScalarType(), next) + ")";
      case 3 -> "(" + expression(ValueType.BOOLEAN, next) + " ? (Object) "
          + expression(ValueType.STRING, next) + " : (Object) " + expression(ValueType.INT, next)
          + ")";
      default -> call(scope.callees.get(scope.random.nextInt(scope.callees.size())), next);
    };
  }

  /** A call of an earlier method of the class: awaited in the async flavour, direct in the twin. */
  private String call(Callee callee, int next) {
    String arguments = "(src, trace, " + expression(ValueType.INT, next) + ", "
        + expression(ValueType.LONG, next) + ", " + expression(ValueType.DOUBLE, next) + ", "
        + expression(ValueType.STRING, next) + ")";
    scope.countSite();
    String receiver = callee.isStatic() ? "" : "this.";
    return scope.flavor == Flavor.ASYNC
        ? "await(" + receiver + "a" + callee.index() + arguments + ")"
        : receiver + "s" + callee.index() + arguments;
  }

  private String leaf(ValueType type, int depth) {
    Local local = scope.anyLocal(type);
    if (local != null && scope.random.nextInt(3) != 0) {
      return local.name();
    }
    return switch (type) {
      case INT -> literal(scope.random.nextInt(-5, 20), "");
      case LONG -> literal(scope.random.nextInt(-5, 20), "L");
      case FLOAT -> literal(scope.random.nextInt(-4, 9), ".5f");
      case DOUBLE -> literal(scope.random.nextInt(-4, 9), ".25");
      // mostly not a literal: javac drops the code under if (false)
      case BOOLEAN -> scope.random.nextInt(4) == 0 ? scope.pick("true", "false")
          : "(" + scope.anyLocal(ValueType.INT).name() + " " + scope.pick("<", ">") + " "
              + scope.random.nextInt(-3, 12) + ")";
      case CHAR -> "'" + (char) ('a' + scope.random.nextInt(26)) + "'";
      case STRING -> "\"" + scope.pick("", "x", "ab", "s1", "zz") + "\"";
      case OBJECT -> "((Object) " + literal(scope.random.nextInt(0, 9), "") + ")";
      case INT_ARRAY -> newArray(depth + 1);
    };
  }

  private static String literal(int value, String suffix) {
    return value < 0 ? "(" + value + suffix + ")" : value + suffix;
  }

  String newArray(int depth) {
    int length = 1 + scope.random.nextInt(3);
    StringBuilder array = new StringBuilder("new int[] {");
    for (int i = 0; i < length; i++) {
      array.append(i == 0 ? "" : ", ").append(expression(ValueType.INT, depth + 1));
    }
    return array.append("}").toString();
  }

  /** The value of one await of a {@code type} ({@link ValueType#awaitable()}) task. */
  String awaitSite(ValueType type) {
    int site = scope.sites++;
    scope.countSite();
    boolean stage = type == ValueType.INT && scope.random.nextInt(4) == 0;
    String method = stage ? "ci" : type.sourceMethod;
    return scope.flavor == Flavor.ASYNC ? "await(src." + method + "(" + site + "))"
        : "src.v" + method + "(" + site + ")";
  }
}
