package dev.spindle.bench.agent;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Cost per loaded class that has no {@code @Async} method: defines every class of Netty and
 * Kotlin found in a jar (thousands, none {@code @Async}) in a fresh class loader, several rounds,
 * and prints nanoseconds per class. Run it with and without {@code -javaagent}; the difference is
 * what the agent adds to each class it passes over. Round 1 is the cold cost (startup), later
 * rounds the warm one.
 *
 * <p>Run: {@code java [-javaagent:agent/target/spindle-agent.jar] -cp bench/target/benchmarks.jar
 * dev.spindle.bench.agent.ClassLoadCost [jar] [rounds]}
 */
public final class ClassLoadCost {
  private static final String[] PREFIXES = {"io/netty/", "kotlin/", "kotlinx/"};

  private ClassLoadCost() {}

  public static void main(String[] args) throws Exception {
    Path jar = args.length > 0 ? Path.of(args[0])
        : Path.of(ClassLoadCost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> names = classNames(jar);
    URL[] path = {jar.toUri().toURL()};
    for (int round = 1; round <= rounds; round++) {
      int loaded = 0;
      int failed = 0;
      long start = System.nanoTime();
      try (URLClassLoader loader = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
        for (String name : names) {
          try {
            Class.forName(name, false, loader);
            loaded++;
          } catch (LinkageError | ClassNotFoundException e) {
            failed++; // an optional dependency Netty or Kotlin does not need here
          }
        }
      }
      long elapsed = System.nanoTime() - start;
      System.out.printf(Locale.ROOT, "round=%d classes=%d failed=%d totalMs=%.1f nsPerClass=%.0f%n",
          round, loaded, failed, elapsed / 1e6, (double) elapsed / Math.max(1, loaded));
    }
  }

  private static List<String> classNames(Path jar) throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : java.util.Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class") && !name.contains("module-info") && !name.startsWith("META-INF")
            && startsWithAny(name)) {
          names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return names;
  }

  private static boolean startsWithAny(String name) {
    for (String prefix : PREFIXES) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
