package dev.spindle.agent.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a separate JVM of the same JDK as the tests, bounded in time, and keeps its output. */
final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 120;

  /** The output (stdout and stderr merged) and exit code of one run. */
  record Result(int exitCode, String output) {}

  private ChildJvm() {}

  static Result run(Path workingDirectory, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
        .redirectErrorStream(true).start();
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("child JVM did not end within " + TIMEOUT_SECONDS + " s: "
            + command);
      }
      return new Result(process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  /** The flag JDK 21+ wants for an agent loaded into a running JVM, or none before 21. */
  static List<String> dynamicAgentLoading() {
    return Runtime.version().feature() >= 21 ? List.of("-XX:+EnableDynamicAgentLoading")
        : List.of();
  }
}
