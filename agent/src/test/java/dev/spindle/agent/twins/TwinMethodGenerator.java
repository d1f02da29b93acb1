package dev.spindle.agent.twins;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the body of one generated method from a seed: random statements and expressions over
 * locals of every {@link ValueType}, with awaits in any position. Run twice with the same seed it
 * makes the same decisions; only the {@link Flavor} changes how an await and a return are
 * spelled, so the async method and its synchronous twin differ in exactly those places.
 *
 * <p>Everything generated terminates (loops count to at most 3) and compiles (every local is
 * initialized, names never shadow, {@code break}, {@code return} and {@code throw} only appear
 * behind an {@code if}, so no statement is ever unreachable).
 */
final class TwinMethodGenerator {
  /** The two spellings of the same method. */
  enum Flavor { ASYNC, SYNC }

  /** An earlier method of the same class this one may call (and await). */
  record Callee(int index, boolean isStatic) {}

  private record Local(String name, ValueType type, boolean assignable) {}

  private static final int MAX_EXPRESSION_DEPTH = 2;
  private static final int MAX_NESTING = 3;

  private final SplittableRandom random;
  private final Flavor flavor;
  private final boolean isStatic;
  private final List<Callee> callees;
  private final StringBuilder out = new StringBuilder();
  private final Deque<List<Local>> scopes = new ArrayDeque<>();
  private int names;
  private int sites;
  private int tags;
  private int loops;
  private int breakables;
  private int statementBudget;

  TwinMethodGenerator(long seed, Flavor flavor, boolean isStatic, List<Callee> callees) {
    this.random = new SplittableRandom(seed);
    this.flavor = flavor;
    this.isStatic = isStatic;
    this.callees = callees;
  }

  /** The method's body, its final return included, indented for a class body. */
  String body() {
    scopes.push(new ArrayList<>());
    scopes.peek().add(new Local("pi", ValueType.INT, true));
    scopes.peek().add(new Local("pl", ValueType.LONG, true));
    scopes.peek().add(new Local("pd", ValueType.DOUBLE, true));
    scopes.peek().add(new Local("ps", ValueType.STRING, true));
    statementBudget = 5 + random.nextInt(14);
    int count = 2 + random.nextInt(6);
    for (int i = 0; i < count && statementBudget > 0; i++) {
      statement(1);
    }
    line(1, returnStatement(expression(anyType(), 0)));
    return out.toString();
  }

  // ------------------------------------------------------------------ statements

  private void statement(int depth) {
    statementBudget--;
    boolean canNest = depth < MAX_NESTING && statementBudget > 0;
    int choice = random.nextInt(canNest ? 24 : 11);
    switch (choice) {
      case 0, 1, 2 -> declare(depth);
      case 3, 4 -> assign(depth);
      case 5 -> compoundAssign(depth);
      case 6 -> arrayStore(depth);
      case 7 -> record(depth);
      case 8 -> guarded(depth);
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
      default -> record(depth);
    }
  }

  private void declare(int depth) {
    ValueType type = anyType();
    String value = type == ValueType.STRING ? "Fn.cap(" + expression(type, 0) + ")"
        : type == ValueType.INT_ARRAY ? newArray(0) : expression(type, 0);
    String name = "v" + names++;
    line(depth, type.javaName + " " + name + " = " + value + ";");
    scopes.peek().add(new Local(name, type, true));
  }

  private void assign(int depth) {
    Local local = assignableLocal((ValueType[]) null);
    if (local == null) {
      declare(depth);
      return;
    }
    String value = local.type == ValueType.STRING ? "Fn.cap(" + expression(local.type, 0) + ")"
        : local.type == ValueType.INT_ARRAY ? newArray(0) : expression(local.type, 0);
    line(depth, local.name + " = " + value + ";");
  }

  private void compoundAssign(int depth) {
    Local local = assignableLocal(ValueType.INT, ValueType.LONG, ValueType.DOUBLE,
        ValueType.FLOAT, ValueType.STRING);
    if (local == null) {
      record(depth);
      return;
    }
    if (local.type == ValueType.STRING) {
      line(depth, local.name + " = Fn.cap(" + local.name + " + "
          + expression(anyScalarType(), 1) + ");");
      return;
    }
    String operator = local.type == ValueType.INT || local.type == ValueType.LONG
        ? pick("+=", "-=", "*=", "^=", "|=") : pick("+=", "-=", "*=");
    line(depth, local.name + " " + operator + " " + expression(local.type, 1) + ";");
  }

  private void arrayStore(int depth) {
    Local array = anyLocal(ValueType.INT_ARRAY);
    if (array == null) {
      declare(depth);
      return;
    }
    String index = "Fn.idx(" + expression(ValueType.INT, 1) + ", " + array.name + ".length)";
    line(depth, array.name + "[" + index + "] " + pick("=", "+=", "^=") + " "
        + expression(ValueType.INT, 1) + ";");
  }

  private void record(int depth) {
    String tag = "\"t" + tags++ + "\"";
    if (random.nextBoolean()) {
      line(depth, "trace.add(" + tag + ", " + expression(anyType(), 0) + ");");
    } else {
      line(depth, "trace.add(" + tag + ", " + expression(anyType(), 1) + ", "
          + expression(anyType(), 1) + ", " + expression(anyType(), 1) + ");");
    }
  }

  /** An early return, a throw, a break or a continue, behind a condition. */
  private void guarded(int depth) {
    String condition = expression(ValueType.BOOLEAN, 1);
    int choice = random.nextInt(loops > 0 ? 4 : 2);
    String action = switch (choice) {
      case 0 -> returnStatement(expression(anyType(), 1));
      case 1 -> "throw new Boom(\"b" + tags++ + ":\" + " + expression(anyScalarType(), 2) + ");";
      case 2 -> breakables > 0 ? "break;" : "continue;";
      default -> "continue;";
    };
    line(depth, "if (" + condition + ") " + action);
  }

  private void fieldStore(int depth) {
    if (isStatic) {
      record(depth);
      return;
    }
    switch (random.nextInt(4)) {
      case 0 -> line(depth, "this.fi " + pick("=", "+=") + " " + expression(ValueType.INT, 1)
          + ";");
      case 1 -> line(depth, "fl = " + expression(ValueType.LONG, 1) + ";");
      case 2 -> line(depth, "fs = Fn.cap(fs + " + expression(anyScalarType(), 1) + ");");
      default -> line(depth, "fa[Fn.idx(" + expression(ValueType.INT, 1) + ", fa.length)] = "
          + expression(ValueType.INT, 1) + ";");
    }
  }

  private void increment(int depth) {
    Local local = assignableLocal(ValueType.INT, ValueType.LONG, ValueType.CHAR);
    if (local == null) {
      record(depth);
      return;
    }
    line(depth, pick(local.name + "++;", "++" + local.name + ";", local.name + "--;"));
  }

  private void ifElse(int depth) {
    line(depth, "if (" + expression(ValueType.BOOLEAN, 0) + ") {");
    nested(depth + 1);
    if (random.nextBoolean()) {
      line(depth, "} else {");
      nested(depth + 1);
    }
    line(depth, "}");
  }

  private void forLoop(int depth) {
    String counter = "i" + names++;
    String bound = String.valueOf(random.nextInt(4));
    String extra = random.nextInt(3) == 0 ? " && " + expression(ValueType.BOOLEAN, 1) : "";
    line(depth, "for (int " + counter + " = 0; " + counter + " < " + bound + extra + "; "
        + counter + "++) {");
    loopBody(depth, new Local(counter, ValueType.INT, false));
    line(depth, "}");
  }

  private void whileLoop(int depth) {
    String counter = "w" + names++;
    line(depth, "int " + counter + " = 0;");
    scopes.peek().add(new Local(counter, ValueType.INT, false));
    line(depth, "while (" + counter + " < " + (1 + random.nextInt(3)) + " && "
        + expression(ValueType.BOOLEAN, 1) + ") {");
    line(depth + 1, counter + "++;");
    loopBody(depth, null);
    line(depth, "}");
  }

  private void doWhileLoop(int depth) {
    String counter = "d" + names++;
    line(depth, "int " + counter + " = 0;");
    scopes.peek().add(new Local(counter, ValueType.INT, false));
    line(depth, "do {");
    line(depth + 1, counter + "++;");
    loopBody(depth, null);
    line(depth, "} while (" + counter + " < " + (1 + random.nextInt(3)) + " && "
        + expression(ValueType.BOOLEAN, 1) + ");");
  }

  private void forEachLoop(int depth) {
    String element = "x" + names++;
    Local array = anyLocal(ValueType.INT_ARRAY);
    String iterable = array != null && random.nextBoolean() ? array.name : newArray(1);
    line(depth, "for (int " + element + " : " + iterable + ") {");
    loopBody(depth, new Local(element, ValueType.INT, false));
    line(depth, "}");
  }

  private void loopBody(int depth, Local loopVariable) {
    loops++;
    breakables++;
    scopes.push(new ArrayList<>());
    if (loopVariable != null) {
      scopes.peek().add(loopVariable);
    }
    statements(depth + 1);
    scopes.pop();
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
      line(depth + 1, random.nextInt(3) == 0 ? "}" : "} break;"); // sometimes falls through
    }
    line(depth + 1, "default: {");
    nested(depth + 2);
    line(depth + 1, "}");
    breakables--;
  }

  private void tryCatch(int depth) {
    line(depth, "try {");
    nested(depth + 1);
    int shape = random.nextInt(3); // catch, finally, or both
    if (shape != 1) {
      List<String> caught = new ArrayList<>(List.of("SourceFailure", "Boom",
          "ArithmeticException"));
      int clauses = 1 + random.nextInt(2);
      for (int i = 0; i < clauses && !caught.isEmpty(); i++) {
        String type = caught.remove(random.nextInt(caught.size()));
        if (random.nextInt(3) == 0 && !caught.isEmpty()) {
          type = type + " | " + caught.remove(random.nextInt(caught.size()));
        }
        catchClause(depth, type);
      }
      if (random.nextInt(3) == 0) {
        catchClause(depth, "RuntimeException");
      }
    }
    if (shape != 0) {
      line(depth, "} finally {");
      nested(depth + 1);
    }
    line(depth, "}");
  }

  private void catchClause(int depth, String type) {
    String name = "e" + names++;
    line(depth, "} catch (" + type + " " + name + ") {");
    line(depth + 1, "trace.add(\"c" + tags++ + "\", " + name + ".getClass().getSimpleName() + \":\" + "
        + name + ".getMessage());");
    nested(depth + 1);
  }

  private void block(int depth) {
    line(depth, "{");
    nested(depth + 1);
    line(depth, "}");
  }

  private void nested(int depth) {
    scopes.push(new ArrayList<>());
    statements(depth);
    scopes.pop();
  }

  private void statements(int depth) {
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      statement(depth);
    }
  }

  private String returnStatement(String value) {
    return flavor == Flavor.ASYNC ? "return Task.completed(" + value + ");"
        : "return " + value + ";";
  }

  // ------------------------------------------------------------------ expressions

  /** An expression of {@code type}; deeper ones are simpler. */
  private String expression(ValueType type, int depth) {
    if (type.awaitable() && random.nextInt(5) == 0) {
      return awaitSite(type);
    }
    if (depth >= MAX_EXPRESSION_DEPTH || random.nextInt(3) == 0) {
      return leaf(type, depth);
    }
    int next = depth + 1;
    return switch (type) {
      case INT -> intExpression(next);
      case LONG -> switch (random.nextInt(4)) {
        case 0 -> "(" + expression(type, next) + " " + pick("+", "-", "*", "^") + " "
            + expression(type, next) + ")";
        case 1 -> "((long) " + expression(ValueType.INT, next) + ")";
        case 2 -> "Fn.mixl(" + expression(type, next) + ", " + expression(ValueType.INT, next)
            + ", " + expression(type, next) + ")";
        default -> isStatic ? leaf(type, depth) : "this.fl";
      };
      case FLOAT -> random.nextBoolean()
          ? "(" + expression(type, next) + " " + pick("+", "-", "*") + " "
              + expression(type, next) + ")"
          : "((float) " + expression(ValueType.INT, next) + ")";
      case DOUBLE -> switch (random.nextInt(4)) {
        case 0 -> "(" + expression(type, next) + " " + pick("+", "-", "*", "/") + " "
            + expression(type, next) + ")";
        case 1 -> "((double) " + expression(ValueType.LONG, next) + ")";
        case 2 -> "Fn.mixd(" + expression(type, next) + ", " + expression(ValueType.FLOAT, next)
            + ")";
        default -> "(" + expression(ValueType.BOOLEAN, next) + " ? " + expression(type, next)
            + " : " + expression(type, next) + ")";
      };
      case BOOLEAN -> booleanExpression(next);
      case CHAR -> switch (random.nextInt(3)) {
        case 0 -> "Fn.ch(" + expression(ValueType.INT, next) + ")";
        case 1 -> "Fn.first(" + expression(ValueType.STRING, next) + ")";
        default -> "(" + expression(ValueType.BOOLEAN, next) + " ? " + expression(type, next)
            + " : " + expression(type, next) + ")";
      };
      case STRING -> stringExpression(next);
      case OBJECT -> objectExpression(next);
      case INT_ARRAY -> random.nextBoolean() ? newArray(next)
          : "Fn.arr(" + expression(ValueType.INT, next) + ", " + expression(ValueType.INT, next)
              + ")";
    };
  }

  private String intExpression(int next) {
    switch (random.nextInt(11)) {
      case 0, 1 -> {
        return "(" + expression(ValueType.INT, next) + " " + pick("+", "-", "*", "^", "&", "|")
            + " " + expression(ValueType.INT, next) + ")";
      }
      case 2 -> {
        return "(" + expression(ValueType.INT, next) + " " + pick("/", "%") + " "
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
        ValueType from = pick(ValueType.LONG, ValueType.DOUBLE, ValueType.CHAR, ValueType.FLOAT);
        return "((int) (" + from.javaName + ") " + expression(from, next) + ")";
      }
      case 7 -> {
        return expression(ValueType.STRING, next) + ".length()";
      }
      case 8 -> {
        Local array = anyLocal(ValueType.INT_ARRAY);
        if (array != null) {
          return array.name + "[Fn.idx(" + expression(ValueType.INT, next) + ", " + array.name
              + ".length)]";
        }
        return isStatic ? "(-" + expression(ValueType.INT, next) + ")" : "this.fi";
      }
      case 9 -> {
        Local local = assignableLocal(ValueType.INT);
        return local == null ? "(~" + expression(ValueType.INT, next) + ")"
            : "(" + local.name + pick("++", "--") + ")";
      }
      default -> {
        return "(-" + expression(ValueType.INT, next) + ")";
      }
    }
  }

  private String booleanExpression(int next) {
    return switch (random.nextInt(6)) {
      case 0 -> "(" + expression(ValueType.INT, next) + " " + pick("<", "<=", "==", "!=", ">")
          + " " + expression(ValueType.INT, next) + ")";
      case 1 -> "(" + expression(ValueType.BOOLEAN, next) + " " + pick("&&", "||") + " "
          + expression(ValueType.BOOLEAN, next) + ")";
      case 2 -> "(!" + expression(ValueType.BOOLEAN, next) + ")";
      case 3 -> "(" + expression(pick(ValueType.LONG, ValueType.DOUBLE, ValueType.FLOAT), next)
          + " " + pick("<", ">=") + " " + expression(ValueType.INT, next) + ")";
      case 4 -> expression(ValueType.STRING, next) + pick(".isEmpty()", ".startsWith(\"s\")");
      default -> "(" + expression(ValueType.CHAR, next) + " " + pick("<", "==") + " 'm')";
    };
  }

  private String stringExpression(int next) {
    return switch (random.nextInt(5)) {
      case 0, 1 -> {
        StringBuilder concatenation = new StringBuilder("(\"\"");
        int parts = 2 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
          // scalars only: an array or an arbitrary Object would print its identity hash
          concatenation.append(" + ").append(expression(anyScalarType(), next));
        }
        yield concatenation.append(")").toString();
      }
      case 2 -> {
        ValueType type = anyScalarType(); // the cast picks one overload for an awaited value
        yield "String.valueOf((" + type.javaName + ") " + expression(type, next) + ")";
      }
      case 3 -> "Fn.join(" + expression(anyType(), next) + ", " + expression(anyType(), next)
          + ", " + expression(anyType(), next) + ")";
      default -> isStatic ? "Fn.cap(" + expression(ValueType.STRING, next) + ")" : "this.fs";
    };
  }

  private String objectExpression(int next) {
    int choice = random.nextInt(callees.isEmpty() ? 4 : 6);
    return switch (choice) {
      case 0, 1 -> "new Holder(" + expression(anyType(), next) + ", "
          + expression(anyType(), next) + ")";
      case 2 -> "((Object) " + expression(anyScalarType(), next) + ")";
      case 3 -> "(" + expression(ValueType.BOOLEAN, next) + " ? (Object) "
          + expression(ValueType.STRING, next) + " : (Object) " + expression(ValueType.INT, next)
          + ")";
      default -> call(callees.get(random.nextInt(callees.size())), next);
    };
  }

  /** A call of an earlier method of the class: awaited in the async flavour, direct in the twin. */
  private String call(Callee callee, int next) {
    String arguments = "(src, trace, " + expression(ValueType.INT, next) + ", "
        + expression(ValueType.LONG, next) + ", " + expression(ValueType.DOUBLE, next) + ", "
        + expression(ValueType.STRING, next) + ")";
    String receiver = callee.isStatic() ? "" : "this.";
    return flavor == Flavor.ASYNC ? "await(" + receiver + "a" + callee.index() + arguments + ")"
        : receiver + "s" + callee.index() + arguments;
  }

  private String leaf(ValueType type, int depth) {
    Local local = anyLocal(type);
    if (local != null && random.nextInt(3) != 0) {
      return local.name;
    }
    return switch (type) {
      case INT -> literal(random.nextInt(-5, 20), "");
      case LONG -> literal(random.nextInt(-5, 20), "L");
      case FLOAT -> literal(random.nextInt(-4, 9), ".5f");
      case DOUBLE -> literal(random.nextInt(-4, 9), ".25");
      case BOOLEAN -> random.nextInt(4) == 0 ? pick("true", "false") // javac drops if (false)
          : "(" + anyLocal(ValueType.INT).name + " " + pick("<", ">") + " "
              + random.nextInt(-3, 12) + ")";
      case CHAR -> "'" + (char) ('a' + random.nextInt(26)) + "'";
      case STRING -> "\"" + pick("", "x", "ab", "s1", "zz") + "\"";
      case OBJECT -> "((Object) " + literal(random.nextInt(0, 9), "") + ")";
      case INT_ARRAY -> newArray(depth + 1);
    };
  }

  private static String literal(int value, String suffix) {
    return value < 0 ? "(" + value + suffix + ")" : value + suffix;
  }

  private String newArray(int depth) {
    int length = 1 + random.nextInt(3);
    StringBuilder array = new StringBuilder("new int[] {");
    for (int i = 0; i < length; i++) {
      array.append(i == 0 ? "" : ", ").append(expression(ValueType.INT, depth + 1));
    }
    return array.append("}").toString();
  }

  private String awaitSite(ValueType type) {
    int site = sites++;
    boolean stage = type == ValueType.INT && random.nextInt(4) == 0;
    String method = stage ? "ci" : type.sourceMethod;
    return flavor == Flavor.ASYNC ? "await(src." + method + "(" + site + "))"
        : "src.v" + method + "(" + site + ")";
  }

  // ------------------------------------------------------------------ scope and choice

  private Local anyLocal(ValueType type) {
    List<Local> candidates = new ArrayList<>();
    for (List<Local> scope : scopes) {
      for (Local local : scope) {
        if (local.type == type) {
          candidates.add(local);
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private Local assignableLocal(ValueType... types) {
    List<Local> candidates = new ArrayList<>();
    for (List<Local> scope : scopes) {
      for (Local local : scope) {
        if (local.assignable && (types == null || List.of(types).contains(local.type))) {
          candidates.add(local);
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
  }

  private ValueType anyType() {
    return ValueType.ALL[random.nextInt(ValueType.ALL.length)];
  }

  private ValueType anyScalarType() {
    return pick(ValueType.INT, ValueType.LONG, ValueType.FLOAT, ValueType.DOUBLE,
        ValueType.BOOLEAN, ValueType.CHAR, ValueType.STRING);
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private void line(int depth, String text) {
    out.append("    ".repeat(depth + 1)).append(text).append('\n');
  }
}
