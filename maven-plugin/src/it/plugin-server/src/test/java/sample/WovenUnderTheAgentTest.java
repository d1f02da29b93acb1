package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Woven classes run under the agent as well (both used): the agent knows them by the
 * rewriter's mark and leaves them alone. -Dspindle.dump writes every class the agent rewrites,
 * so an empty dump directory shows that it rewrote none.
 */
class WovenUnderTheAgentTest {
  @Test
  @Timeout(120)
  void theAgentLeavesWovenClassesAlone(@TempDir Path dump) throws Exception {
    String version = System.getProperty("spindle.version");
    Path agentJar = Path.of(System.getProperty("spindle.localRepository"), "dev", "spindle",
        "spindle-agent", version, "spindle-agent-" + version + ".jar");
    assertTrue(Files.isRegularFile(agentJar), agentJar + " (spindle-maven-plugin's dependency)");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-javaagent:" + agentJar, "-Dspindle.strict=true",
        "-Dspindle.dump=" + dump, "-cp", classPath, "sample.EchoMain", "woven and agent");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
      assertEquals("agent installed: true\nechoed: woven and agent\n", output,
          "no warning either");
      assertEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(dump)) {
      assertEquals(List.of(dump), files.toList(), "the agent rewrote nothing");
    }
  }
}
