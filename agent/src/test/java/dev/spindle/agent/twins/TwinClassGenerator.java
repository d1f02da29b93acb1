package dev.spindle.agent.twins;

import dev.spindle.agent.twins.TwinMethodGenerator.Callee;
import dev.spindle.agent.twins.TwinMethodGenerator.Flavor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one class of generated method pairs: {@code @Async Task<Object> aN(...)} and its
 * synchronous twin {@code Object sN(...)}, static or instance, over instance fields that both
 * may write. A method may await (or, in the twin, call) an earlier "leaf" method, one that calls
 * nothing itself, so that calls stay shallow.
 */
final class TwinClassGenerator {
  static final String PACKAGE = "generated.twins";
  private static final int LEAF_EVERY = 4;

  /** One generated pair: the index in its class and whether it is static. */
  record Pair(int index, boolean isStatic, String asyncSource, String syncSource) {}

  /** The source of a generated class, its pairs, and the line each method is declared on. */
  record GeneratedClass(String className, String source, List<Pair> pairs,
      Map<String, Integer> declarationLines) {
    /** Where {@code element} lies relative to its method's declaration: "7+12" for a7 or s7. */
    String placeOf(StackTraceElement element) {
      String method = element.getMethodName();
      if (method.startsWith("lambda$")) { // lambda$a7$3: a lambda written in a7, lines from a7's
        method = method.substring("lambda$".length(), method.lastIndexOf('$'));
      }
      Integer declaration = declarationLines.get(method);
      return declaration == null ? null : method.substring(1) + "+"
          + (element.getLineNumber() - declaration);
    }
  }

  private static final Pattern DECLARATION = Pattern.compile(" ([as]\\d+)\\(Source src");

  private TwinClassGenerator() {}

  static GeneratedClass generate(String simpleName, long seed, int methodCount,
      Profile profile) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Pair> pairs = new ArrayList<>();
    StringBuilder source = new StringBuilder();
    source.append("package ").append(PACKAGE).append(";\n\n")
        .append("import static dev.spindle.Await.await;\n\n")
        .append("import dev.spindle.Async;\n")
        .append("import dev.spindle.Task;\n")
        .append("import dev.spindle.agent.twins.Boom;\n")
        .append("import dev.spindle.agent.twins.Fn;\n")
        .append("import dev.spindle.agent.twins.Holder;\n")
        .append("import dev.spindle.agent.twins.Res;\n")
        .append("import dev.spindle.agent.twins.Source;\n")
        .append("import dev.spindle.agent.twins.SourceFailure;\n")
        .append("import dev.spindle.agent.twins.Trace;\n\n")
        .append("/** Generated from seed ").append(seed).append(". */\n")
        .append("public final class ").append(simpleName).append(" {\n")
        .append("  public int fi = 1;\n")
        .append("  public long fl = 2L;\n")
        .append("  public String fs = \"f\";\n")
        .append("  public int[] fa = {1, 2, 3};\n\n")
        .append("  public String fieldState() {\n")
        .append("    return fi + \",\" + fl + \",\" + fs + \",\"")
        .append(" + java.util.Arrays.toString(fa);\n")
        .append("  }\n");
    for (int index = 0; index < methodCount; index++) {
      boolean isStatic = random.nextBoolean();
      long methodSeed = random.nextLong();
      List<Callee> callees = new ArrayList<>();
      if (index % LEAF_EVERY != 0) {
        for (Pair earlier : pairs) {
          if (earlier.index() % LEAF_EVERY == 0 && (earlier.isStatic() || !isStatic)) {
            callees.add(new Callee(earlier.index(), earlier.isStatic()));
          }
        }
      }
      String asyncSource = method(index, isStatic, methodSeed, callees, Flavor.ASYNC, profile);
      String syncSource = method(index, isStatic, methodSeed, callees, Flavor.SYNC, profile);
      source.append('\n').append(asyncSource).append('\n').append(syncSource);
      pairs.add(new Pair(index, isStatic, asyncSource, syncSource));
    }
    source.append("}\n");
    Map<String, Integer> declarationLines = new HashMap<>();
    String[] lines = source.toString().split("\n", -1);
    for (int line = 0; line < lines.length; line++) {
      Matcher declaration = DECLARATION.matcher(lines[line]);
      if (declaration.find()) {
        declarationLines.put(declaration.group(1), line + 1);
      }
    }
    return new GeneratedClass(PACKAGE + "." + simpleName, source.toString(), List.copyOf(pairs),
        Map.copyOf(declarationLines));
  }

  private static String method(int index, boolean isStatic, long seed, List<Callee> callees,
      Flavor flavor, Profile profile) {
    String modifiers = isStatic ? "public static " : "public ";
    String parameters = "(Source src, Trace trace, int pi, long pl, double pd, String ps)";
    String header = flavor == Flavor.ASYNC
        ? "  @Async\n  " + modifiers + "Task<Object> a" + index + parameters + " {\n"
        : "  " + modifiers + "Object s" + index + parameters + " {\n";
    return header + new TwinMethodGenerator(seed, flavor, isStatic, callees, profile).body()
        + "  }\n";
  }
}
