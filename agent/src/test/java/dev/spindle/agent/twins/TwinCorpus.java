package dev.spindle.agent.twins;

import dev.spindle.Task;
import dev.spindle.agent.twins.TwinClassGenerator.GeneratedClass;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated classes of one seed, compiled: first the small ones ({@link Profile#SMALL}, 50
 * methods each), then the large ones ({@link Profile#LARGE}, a few each), in one index space.
 * A fifth of the classes are compiled for Java 8 (string concatenation through
 * {@code StringBuilder} on the operand stack), the rest for Java 17. Compiled once per JVM for
 * the same arguments, so the twin test and the size test share the work when they run together.
 */
final class TwinCorpus {
  static final long DEFAULT_SEED = 20261126L;
  /** Methods, by default: small ones, and large ones on top. */
  static final int DEFAULT_COUNT = 3000;
  static final int DEFAULT_LARGE = 200;
  private static final int METHODS_PER_CLASS = 50;
  private static final int LARGE_METHODS_PER_CLASS = 4;
  private static final int JAVA_8_EVERY = 5;
  private static final int CLASSES_PER_COMPILATION = 10;
  /** Large classes take their seeds from a stream of their own: small ones stay as they were. */
  private static final long LARGE_SEEDS = 0x1A46E5EEDL;

  private record Key(long seed, int count, int large, Integer only) {}

  private static final Map<Key, TwinCorpus> COMPILED = new ConcurrentHashMap<>();

  final Map<Integer, GeneratedClass> classes;
  final Map<String, byte[]> classFiles;
  final long compileMillis;

  private TwinCorpus(Map<Integer, GeneratedClass> classes, Map<String, byte[]> classFiles,
      long compileMillis) {
    this.classes = classes;
    this.classFiles = classFiles;
    this.compileMillis = compileMillis;
  }

  /**
   * {@code count} small and {@code large} large methods from {@code seed}; with {@code only}, the
   * class of that index alone.
   */
  static TwinCorpus of(long seed, int count, int large, Integer only) {
    return COMPILED.computeIfAbsent(new Key(seed, count, large, only), key -> {
      Map<Integer, GeneratedClass> classes = generate(seed, count, large, only);
      long started = System.nanoTime();
      Map<String, byte[]> classFiles = compile(classes);
      return new TwinCorpus(classes, classFiles, (System.nanoTime() - started) / 1_000_000);
    });
  }

  byte[] classFile(GeneratedClass generated) {
    return classFiles.get(generated.className());
  }

  private static Map<Integer, GeneratedClass> generate(long seed, int count, int large,
      Integer only) {
    Map<Integer, GeneratedClass> classes = new LinkedHashMap<>();
    int smallClasses = (count + METHODS_PER_CLASS - 1) / METHODS_PER_CLASS;
    SplittableRandom smallSeeds = new SplittableRandom(seed);
    for (int index = 0; index < smallClasses; index++) {
      long classSeed = smallSeeds.nextLong();
      if (only == null || only == index) {
        classes.put(index, TwinClassGenerator.generate("Twins" + index, classSeed,
            Math.min(METHODS_PER_CLASS, count - index * METHODS_PER_CLASS), Profile.SMALL));
      }
    }
    int largeClasses = (large + LARGE_METHODS_PER_CLASS - 1) / LARGE_METHODS_PER_CLASS;
    SplittableRandom largeSeeds = new SplittableRandom(seed ^ LARGE_SEEDS);
    for (int i = 0; i < largeClasses; i++) {
      long classSeed = largeSeeds.nextLong();
      int index = smallClasses + i;
      if (only == null || only == index) {
        classes.put(index, TwinClassGenerator.generate("Large" + index, classSeed,
            Math.min(LARGE_METHODS_PER_CLASS, large - i * LARGE_METHODS_PER_CLASS),
            Profile.LARGE));
      }
    }
    return classes;
  }

  private static Map<String, byte[]> compile(Map<Integer, GeneratedClass> classes) {
    InMemoryCompiler compiler = new InMemoryCompiler(Task.class, Source.class);
    Map<String, byte[]> classFiles = new HashMap<>();
    for (int release : new int[] {17, 8}) {
      Map<String, String> batch = new LinkedHashMap<>();
      for (Map.Entry<Integer, GeneratedClass> entry : classes.entrySet()) {
        boolean java8 = entry.getKey() % JAVA_8_EVERY == JAVA_8_EVERY - 1;
        if ((release == 8) == java8) {
          batch.put(entry.getValue().className(), entry.getValue().source());
        }
        if (batch.size() == CLASSES_PER_COMPILATION) {
          classFiles.putAll(compiler.compile(batch, release));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        classFiles.putAll(compiler.compile(batch, release));
      }
    }
    return classFiles;
  }
}
