package dev.spindle.io;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A child process whose standard output and error are read line by line as they come (and
 * kept, for assertions and failure messages), with commands sent on its standard input and its
 * CPU time read from {@code /proc/PID/stat}. Linux only.
 */
final class ChildProcess implements AutoCloseable {
  /** Clock ticks per second of {@code /proc/PID/stat}: USER_HZ, 100 on every Linux ABI. */
  private static final int TICKS_PER_SECOND = 100;

  private final Process process;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();

  ChildProcess(List<String> command) throws IOException {
    process = new ProcessBuilder(command).start();
    pump(process.getInputStream(), out, "child-stdout");
    pump(process.getErrorStream(), err, "child-stderr");
  }

  /**
   * {@code java <jvmArguments> -cp <jar> <mainClass>}, the jar holding this module's classes and
   * test classes. A jar, as servers are deployed: the JVM keeps it open, whereas each class
   * loaded from a directory takes a descriptor, which a server out of them cannot get.
   */
  static List<String> javaCommand(List<String> jvmArguments, Class<?> mainClass)
      throws IOException {
    String classpath = jarOf(location(mainClass), location(dev.spindle.EventLoop.class))
        .toString();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    command.addAll(List.of("-cp", classpath, mainClass.getName()));
    return command;
  }

  /** {@code command}, run by bash under {@code ulimit -n limit} (the soft and hard limits). */
  static List<String> underDescriptorLimit(int limit, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("bash", "-c",
        "ulimit -n " + limit + " && exec \"$0\" \"$@\""));
    wrapped.addAll(command);
    return wrapped;
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** A temporary jar of the files under {@code directories} (the first of a name wins). */
  private static Path jarOf(Path... directories) throws IOException {
    Path jar = Files.createTempFile("spindle-child-", ".jar");
    jar.toFile().deleteOnExit();
    Set<String> names = new HashSet<>();
    try (JarOutputStream out = new JarOutputStream(
        Files.newOutputStream(jar))) {
      for (Path directory : directories) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
          files = walk.filter(Files::isRegularFile).sorted().collect(
              Collectors.toList());
        }
        for (Path file : files) {
          String name = directory.relativize(file).toString().replace('\\', '/');
          if (names.add(name)) {
            out.putNextEntry(new JarEntry(name));
            Files.copy(file, out);
            out.closeEntry();
          }
        }
      }
    }
    return jar;
  }

  private static void pump(InputStream stream, List<String> lines, String name) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream,
          StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ended) {
        // the process ended
      }
    }, name);
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Sends one line to the child's standard input. */
  void send(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** The first line of standard output after the first {@code skip} that matches. */
  String awaitOut(int skip, String what, Predicate<String> wanted) throws InterruptedException {
    return await(out, skip, what, wanted);
  }

  /** The first line of standard error that matches. */
  String awaitErr(String what, Predicate<String> wanted) throws InterruptedException {
    return await(err, 0, what, wanted);
  }

  /** How many lines of standard output so far. */
  int outLines() {
    return out.size();
  }

  List<String> err() {
    return err;
  }

  private String await(List<String> lines, int skip, String what, Predicate<String> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int seen = skip; ; ) {
      for (; seen < lines.size(); seen++) {
        if (wanted.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      if (System.nanoTime() > deadline || !process.isAlive() && seen == lines.size()) {
        throw new AssertionError("the child printed no " + what + " within 30 s"
            + (process.isAlive() ? "" : " (it exited)") + "; " + transcript());
      }
      Thread.sleep(5); // polling with a deadline: the line comes from another process
    }
  }

  /** The CPU time (user and system) the child has used so far, in seconds. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state); utime and stime are fields 14 and 15
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return (double) ticks / TICKS_PER_SECOND;
    } catch (IOException failure) {
      throw new UncheckedIOException("cannot read the child's /proc stat; " + transcript(),
          failure);
    }
  }

  /** Everything the child printed so far, for failure messages. */
  String transcript() {
    return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt(); // JUnit's timeout: stop waiting
    }
  }
}
