package dev.spindle.agent.twins;

import dev.spindle.agent.twins.TwinClassGenerator.GeneratedClass;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How much the rewriter grows code, as a markdown table: over the twin corpus (fixed seed, small
 * and large methods) and over the class files under each directory given (the examples' classes).
 * {@code bench/code-size.sh} builds and runs it. No JMH: it rewrites and measures, nothing runs.
 *
 * <p>System properties: {@code spindle.twins.count}, {@code spindle.twins.large} (as in the twin
 * test) and {@code spindle.twins.seed} (a number; the twin test's fixed seed by default).
 */
public final class CodeSizeReport {
  private static final int LARGEST_LISTED = 5;

  private CodeSizeReport() {}

  public static void main(String[] classDirectories) throws IOException {
    long seed = Long.getLong("spindle.twins.seed", TwinCorpus.DEFAULT_SEED);
    int count = Integer.getInteger("spindle.twins.count", TwinCorpus.DEFAULT_COUNT);
    int large = Integer.getInteger("spindle.twins.large", TwinCorpus.DEFAULT_LARGE);
    List<SizeTable> tables = new ArrayList<>(twinTables(seed, count, large));
    for (String directory : classDirectories) {
      tables.add(new SizeTable(directory, classFilesUnder(Path.of(directory))));
    }
    System.out.println("code size: twin corpus seed " + seed + " (" + count + " small, " + large
        + " large methods)" + (classDirectories.length == 0 ? ""
            : ", and the classes under " + String.join(", ", classDirectories)) + "\n");
    System.out.println(SizeTable.markdown(tables));
    for (SizeTable table : tables) {
      System.out.println("largest growth, " + table.corpus() + ":\n"
          + table.largest(LARGEST_LISTED));
    }
  }

  /** The twin corpus's small methods, its large ones, and all of them. */
  static List<SizeTable> twinTables(long seed, int count, int large) {
    TwinCorpus corpus = TwinCorpus.of(seed, count, large, null);
    List<MethodSize> small = new ArrayList<>();
    List<MethodSize> big = new ArrayList<>();
    for (GeneratedClass generated : corpus.classes.values()) {
      List<MethodSize> sizes = CodeSizes.of(corpus.classFile(generated));
      (generated.className().contains(".Large") ? big : small).addAll(sizes);
    }
    List<MethodSize> all = new ArrayList<>(small);
    all.addAll(big);
    return List.of(new SizeTable("twins, small", small), new SizeTable("twins, large", big),
        new SizeTable("twins, all", all));
  }

  private static List<MethodSize> classFilesUnder(Path directory) throws IOException {
    List<MethodSize> sizes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        sizes.addAll(CodeSizes.of(Files.readAllBytes(file)));
      }
    }
    return sizes;
  }
}
