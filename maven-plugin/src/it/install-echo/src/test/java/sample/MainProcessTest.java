package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -cp <classes, runtime, agent> sample.Main}: no -javaagent, no other flag. */
class MainProcessTest {
  @Test
  @Timeout(120)
  void mainInstallsTheAgentAndEchoes() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, "sample.Main");
    Process main = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(main.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(main.waitFor(60, TimeUnit.SECONDS), output);
      assertEquals(0, main.exitValue(), output);
      assertTrue(output.contains("echoed: hello after install()\n"), output);
    } finally {
      main.destroyForcibly();
    }
  }
}
