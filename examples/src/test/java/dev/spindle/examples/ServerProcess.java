package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server started as a separate JVM the way the README says, with its standard output read
 * line by line (and kept, for assertions) and its standard error kept for failure messages.
 */
final class ServerProcess implements AutoCloseable {
  static final Pattern STARTUP_LINE =
      Pattern.compile("HelloServer listening on http://127\\.0\\.0\\.1:(\\d+)/ \\(pid (\\d+),"
          + " (\\d+) loops?\\)");

  final Process process;
  private final Thread stdoutReader;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final StringBuilder errors = new StringBuilder();
  private int port;

  private ServerProcess(List<String> command) throws IOException {
    process = new ProcessBuilder(command).start();
    stdoutReader = pump(process, lines);
    Thread errorReader = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(
          process.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = reader.readLine()) != null; ) {
          synchronized (errors) {
            errors.append(line).append('\n');
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "server-stderr");
    errorReader.setDaemon(true);
    errorReader.start();
  }

  private static Thread pump(Process process, BlockingQueue<String> lines) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "server-stdout");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  static Path path(String property) {
    String value = System.getProperty(property);
    assertNotNull(value, "system property " + property + " must be set (by failsafe in"
        + " examples/pom.xml)");
    Path path = Path.of(value);
    if (!Files.exists(path)) {
      throw new IllegalStateException(property + " points at " + path + ", which does not exist:"
          + " run mvn -B verify -pl examples -am");
    }
    return path;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java -jar examples/target/spindle-examples.jar --port 0 <args>}. */
  static ServerProcess runnableJar(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar",
        path("spindle.examples.jar").toString(), "--port", "0"));
    command.addAll(List.of(args));
    return started(command);
  }

  /**
   * {@link #runnableJar} under {@code ulimit -n limit}: bash lowers the descriptor limit, then
   * execs the JVM (same pid).
   */
  static ServerProcess runnableJarUnderDescriptorLimit(int limit, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "-c",
        "ulimit -n " + limit + " && exec \"$0\" \"$@\"", java(), "-jar",
        path("spindle.examples.jar").toString(), "--port", "0"));
    command.addAll(List.of(args));
    return started(command);
  }

  /** {@code java -javaagent:agent/target/spindle-agent.jar -cp <classes> HelloServer ...}. */
  static ServerProcess withJavaAgentFlag(String... args) throws Exception {
    return withJavaAgentFlag(HelloServer.class, STARTUP_LINE, args);
  }

  /**
   * {@code java -javaagent:agent/target/spindle-agent.jar -cp <classes> <main> --port 0 ...},
   * started once it prints a line that {@code startupLine} finds (group 1 the port, 2 the pid).
   */
  static ServerProcess withJavaAgentFlag(Class<?> main, Pattern startupLine, String... args)
      throws Exception {
    String classpath = path("spindle.examples.classes") + java.io.File.pathSeparator
        + path("spindle.runtime.classes");
    List<String> command = new ArrayList<>(List.of(java(),
        "-javaagent:" + path("spindle.agent.jar"), "-Dspindle.strict=true", "-cp", classpath,
        main.getName(), "--port", "0"));
    command.addAll(List.of(args));
    return started(command, startupLine);
  }

  private static ServerProcess started(List<String> command) throws Exception {
    return started(command, STARTUP_LINE);
  }

  private static ServerProcess started(List<String> command, Pattern startupLine)
      throws Exception {
    ServerProcess server = new ServerProcess(command);
    String startup = server.awaitLine(line -> startupLine.matcher(line).find());
    Matcher matcher = startupLine.matcher(startup);
    matcher.find();
    server.port = Integer.parseInt(matcher.group(1));
    if (Long.parseLong(matcher.group(2)) != server.process.pid()) {
      throw new AssertionError("startup line names pid " + matcher.group(2) + ", the process is "
          + server.process.pid());
    }
    return server;
  }

  int port() {
    return port;
  }

  /** The next line of output that matches, waiting up to 20 s; lines passed over are kept. */
  String awaitLine(Predicate<String> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (;;) {
      long left = deadline - System.nanoTime();
      String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
      if (line == null) {
        throw new AssertionError("no matching line of output within 20 s; output so far:\n"
            + String.join("\n", seen) + "\nstandard error:\n" + errors());
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Every line read so far, in order. */
  List<String> linesSeen() {
    return seen;
  }

  /** Lines not yet read, without waiting. */
  List<String> drainLines() {
    List<String> rest = new ArrayList<>();
    lines.drainTo(rest);
    seen.addAll(rest);
    return rest;
  }

  String errors() {
    synchronized (errors) {
      return errors.toString();
    }
  }

  /**
   * Sends SIGTERM, as {@code kill} does. Not {@link Process#destroy()}: that also closes our end
   * of the process's output pipes, and we want to read what the server prints while it stops.
   */
  void sigterm() {
    process.toHandle().destroy();
  }

  /** Sends SIGTERM and waits (20 s at most) for the exit status and the end of the output. */
  int terminate() throws Exception {
    sigterm();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the server did not exit within 20 s of SIGTERM; stderr:\n"
          + errors());
    }
    stdoutReader.join(10_000); // every line printed before the exit is in the queue now
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt(); // kept, not thrown: see javac's try lint
      }
    }
  }
}
