package dev.spindle.agent.twins;

import dev.spindle.agent.twins.TwinMethodGenerator.Callee;
import dev.spindle.agent.twins.TwinMethodGenerator.Flavor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

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

  /** The source of a generated class and its pairs. */
  record GeneratedClass(String className, String source, List<Pair> pairs) {}

  private TwinClassGenerator() {}

  static GeneratedClass generate(String simpleName, long seed, int methodCount) {
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
        .append("    return fi + \",\" + fl + \",\" + fs + \",\" + java.util.Arrays.toString(fa);\n")
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
      String asyncSource = method(index, isStatic, methodSeed, callees, Flavor.ASYNC);
      String syncSource = method(index, isStatic, methodSeed, callees, Flavor.SYNC);
      source.append('\n').append(asyncSource).append('\n').append(syncSource);
      pairs.add(new Pair(index, isStatic, asyncSource, syncSource));
    }
    source.append("}\n");
    return new GeneratedClass(PACKAGE + "." + simpleName, source.toString(), List.copyOf(pairs));
  }

  private static String method(int index, boolean isStatic, long seed, List<Callee> callees,
      Flavor flavor) {
    String modifiers = isStatic ? "public static " : "public ";
    String parameters = "(Source src, Trace trace, int pi, long pl, double pd, String ps)";
    String header = flavor == Flavor.ASYNC
        ? "  @Async\n  " + modifiers + "Task<Object> a" + index + parameters + " {\n"
        : "  " + modifiers + "Object s" + index + parameters + " {\n";
    return header + new TwinMethodGenerator(seed, flavor, isStatic, callees).body() + "  }\n";
  }
}
