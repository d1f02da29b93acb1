package dev.spindle.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.TransformOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees when the agent cannot be active for a {@code @SpindleTest} class, and that a
 * woven class needs none: child JVMs run {@link NeedsAgentFixture} or {@link WovenFixture}
 * through the JUnit launcher, with this module's test classpath.
 */
class MissingAgentTest {
  @Test
  void aJvmThatRefusesAgentsFailsTheClassWithTheFix() throws Exception {
    List<String> lines = runChild(List.of("-XX:-EnableDynamicAgentLoading"), "--session-first");
    String failure = onlyFailure(lines);
    assertTrue(failure.startsWith("@SpindleTest dev.spindle.junit.NeedsAgentFixture: the Spindle"
        + " agent is not installed in this JVM, so @Async methods would throw \"not rewritten\""
        + " at their first await. spindle-junit tried to install it before test discovery and"
        + " failed: SpindleAgent.install() could not attach to this JVM (pid "), failure);
    assertTrue(failure.endsWith(". Fix, one of: pass the agent to the test JVM, as Surefire's"
        + " <argLine>-javaagent:${settings.localRepository}/dev/spindle/spindle-agent/" + VERSION
        + "/spindle-agent-" + VERSION + ".jar</argLine>; or allow it to attach itself (a JDK with"
        + " the jdk.attach module, and no -XX:-EnableDynamicAgentLoading); or weave the classes"
        + " at build time with spindle-maven-plugin"), failure);
  }

  @Test
  void aTestClassLoadedBeforeTheSessionOpenedFailsWithWhy() throws Exception {
    List<String> lines = runChild(List.of("-XX:+EnableDynamicAgentLoading"), "--load-first");
    assertEquals("@SpindleTest dev.spindle.junit.NeedsAgentFixture: @Async method(s) yieldOnce()"
        + " were not rewritten: either the class loaded before the Spindle agent was installed"
        + " (by spindle-junit's LauncherSessionListener, before test discovery), or the agent"
        + " refused them (its report on stderr names the line and the reason). Fix, one of: run"
        + " the tests with a launcher that opens a session before it loads test classes (Maven"
        + " Surefire 3.0.0-M6 or newer, Gradle, IntelliJ IDEA); or pass"
        + " -javaagent:spindle-agent.jar to the test JVM; or move the @Async methods into a class"
        + " that loads later", onlyFailure(lines));
  }

  @Test
  void theSameClassPassesWhenTheSessionOpensFirst() throws Exception {
    List<String> lines = runChild(List.of("-XX:+EnableDynamicAgentLoading"), "--session-first");
    assertTrue(lines.contains("tests: 1 started, 1 succeeded, 0 failed"), lines::toString);
  }

  @Test
  void aClassWovenAtBuildTimeNeedsNoAgent(@TempDir Path woven) throws Exception {
    String name = WovenFixture.class.getName();
    byte[] classFile;
    try (InputStream in = WovenFixture.class.getResourceAsStream("WovenFixture.class")) {
      classFile = in.readAllBytes(); // the file as javac wrote it: a resource is never rewritten
    }
    byte[] rewritten = new AsyncClassTransformer(TransformOptions.DEFAULT)
        .transform(name.replace('.', '/'), classFile).rewritten();
    Path target = woven.resolve(name.replace('.', '/') + ".class");
    Files.createDirectories(target.getParent());
    Files.write(target, rewritten);
    List<String> lines = runChild(List.of("-XX:-EnableDynamicAgentLoading"), woven,
        "--session-first", name);
    assertTrue(lines.contains("tests: 1 started, 1 succeeded, 0 failed"), lines::toString);
  }

  /**
   * The version in the agent jar's path, as the jar's pom.properties gives it, or "VERSION"
   * where the agent comes from its module's class folder, which has none.
   */
  private static final String VERSION = agentVersionInThisBuild();

  private static String agentVersionInThisBuild() {
    try (InputStream in = dev.spindle.agent.SpindleAgent.class.getResourceAsStream(
        "/META-INF/maven/dev.spindle/spindle-agent/pom.properties")) {
      if (in == null) {
        return "VERSION";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }

  private static String onlyFailure(List<String> lines) {
    List<String> failures = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("FAILURE: ")) {
        failures.add(line.substring("FAILURE: ".length()));
      }
    }
    assertEquals(1, failures.size(), lines::toString);
    return failures.get(0);
  }

  private static List<String> runChild(List<String> jvmArguments, String mode)
      throws IOException, InterruptedException {
    return runChild(jvmArguments, null, mode, NeedsAgentFixture.class.getName());
  }

  /** Runs {@code testClass} in a child JVM, with {@code firstOnClassPath} (if any) first. */
  private static List<String> runChild(List<String> jvmArguments, Path firstOnClassPath,
      String mode, String testClass) throws IOException, InterruptedException {
    String classPath = System.getProperty("java.class.path");
    if (firstOnClassPath != null) {
      classPath = firstOnClassPath + File.pathSeparator + classPath;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArguments);
    command.addAll(List.of("-cp", classPath, ChildLauncher.class.getName(), mode, testClass));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child JVM still running");
    assertEquals(0, child.exitValue(), output);
    return List.of(output.split("\n"));
  }
}
