package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.testing.ClassFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's arguments, output and exit status (the jar itself: WeaveCliJarIT). */
class SpindleCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... arguments) {
    return SpindleCli.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void noCommandOrAnUnknownOneIsAUsageError() {
    assertEquals(2, run());
    assertEquals("spindle: no command given\n" + SpindleCli.USAGE + "\n", err.toString());
    err.reset();
    assertEquals(2, run("wave", "x"));
    assertTrue(err.toString().startsWith("spindle: unknown command \"wave\"\nusage:"), err.toString());
    err.reset();
    assertEquals(2, run("weave", "--classpath", "x"));
    assertTrue(err.toString().startsWith("spindle weave: unknown option \"--classpath\"\n"),
        err.toString());
  }

  @Test
  void aDirectoryThatIsNotOneIsNamed(@TempDir Path work) {
    assertEquals(2, run("weave", work.resolve("missing").toString()));
    assertEquals("spindle weave: " + work.resolve("missing") + " is not a directory: name the"
        + " directory of compiled classes, such as target/classes\n", err.toString());
  }

  @Test
  void strictByDefaultWarnOnRequest(@TempDir Path classes) throws IOException {
    Path refused = classes.resolve("dev/spindle/agent/corpus/Refused.class");
    Files.createDirectories(refused.getParent());
    Files.write(refused, ClassFiles.bytesOf("dev.spindle.agent.corpus.Refused"));
    assertEquals(1, run("weave", classes.toString()));
    assertTrue(err.toString().startsWith("ERROR await() called inside a synchronized block in"
        + " dev.spindle.agent.corpus.Refused.lockedAwait("), err.toString());
    assertTrue(err.toString().endsWith("spindle weave: " + classes + " left as it was: strict"
        + " mode refuses to write classes with refused methods; fix the methods above, or pass"
        + " --warn to write them with bodies that throw the refusal\n"), err.toString());
    assertEquals("spindle weave: 1 class file(s) in " + classes + ": 1 rewritten but NOT"
        + " written, 1 refused method(s), 0 notice(s)\n", out.toString());
    out.reset();
    err.reset();
    assertEquals(0, run("weave", "--warn", classes.toString()));
    assertTrue(err.toString().startsWith("WARNING await() called inside a synchronized block"),
        err.toString());
    assertEquals("spindle weave: 1 class file(s) in " + classes + ": 1 rewritten, 1 refused"
        + " method(s), 0 notice(s)\n", out.toString());
  }
}
