package dev.spindle.agent.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import dev.spindle.agent.Weaver;
import dev.spindle.agent.testing.ClassFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar spindle-agent.jar weave DIR}, the packaged jar in a child JVM: it rewrites the
 * class files in place to the agent's bytes, and the woven classes then run in a JVM with no
 * agent at all.
 */
@Timeout(300)
class WeaveCliJarIT {
  private static final String SUMS = "dev.spindle.agent.corpus.Sums";
  private static final String MAIN = "dev.spindle.agent.corpus.SumsMain";

  @Test
  void wovenClassesRunWithoutAnAgent(@TempDir Path work) throws Exception {
    Path classes = work.resolve("classes");
    copy(classes, SUMS);
    copy(classes, MAIN);
    Path agentJar = Path.of(System.getProperty("spindle.agentJar"));
    ChildJvm.Result woven = ChildJvm.run(work, List.of("-jar", agentJar.toString(), "weave",
        classes.toString()));
    assertEquals(0, woven.exitCode(), woven.output());
    assertEquals("spindle weave: 2 class file(s) in " + classes + ": 1 rewritten, 0 refused"
        + " method(s), 0 notice(s)\n", woven.output());
    assertArrayEquals(new Weaver().weave(ClassFiles.bytesOf(SUMS)).rewritten(),
        Files.readAllBytes(classes.resolve(ClassFiles.internalName(SUMS) + ".class")),
        "the jar's weave writes the agent's bytes");

    String runtime = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    ChildJvm.Result ran = ChildJvm.run(work, List.of("-cp",
        classes + File.pathSeparator + runtime, MAIN));
    assertEquals("sum 5\n", ran.output());
    assertEquals(0, ran.exitCode());

    ChildJvm.Result again = ChildJvm.run(work, List.of("-jar", agentJar.toString(), "weave",
        classes.toString()));
    assertEquals("spindle weave: 2 class file(s) in " + classes + ": 0 rewritten, 0 refused"
        + " method(s), 0 notice(s)\n", again.output(), "woven classes are left alone");
  }

  @Test
  void aRefusalFailsWithItsMessageAndWritesNothing(@TempDir Path work) throws Exception {
    Path classes = work.resolve("classes");
    Path refused = copy(classes, "dev.spindle.agent.corpus.Refused");
    Path agentJar = Path.of(System.getProperty("spindle.agentJar"));
    ChildJvm.Result result = ChildJvm.run(work, List.of("-jar", agentJar.toString(), "weave",
        classes.toString()));
    assertEquals(1, result.exitCode(), result.output());
    assertTrue(result.output().contains("ERROR await() called inside a synchronized block in"
        + " dev.spindle.agent.corpus.Refused.lockedAwait(Object, Task) (Refused.java:21)"),
        result.output());
    assertArrayEquals(ClassFiles.bytesOf("dev.spindle.agent.corpus.Refused"),
        Files.readAllBytes(refused));
  }

  private static Path copy(Path directory, String className) throws IOException {
    Path file = directory.resolve(ClassFiles.internalName(className) + ".class");
    Files.createDirectories(file.getParent());
    return Files.write(file, ClassFiles.bytesOf(className));
  }
}
