package dev.spindle.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.Task;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals' decisions and messages, on classes compiled here (one with a refused method). */
class WeaveMojoTest {
  private static final String REFUSAL = "await() called inside a synchronized block in"
      + " gen.Locked.locked(Object, Task) (Locked.java:9): a suspended call cannot hold a"
      + " monitor; move the await out of the synchronized block (the event loop already runs one"
      + " task at a time)";

  @TempDir
  Path classes;
  private byte[] original;
  private final List<String> log = new ArrayList<>();

  @BeforeEach
  void compileALockedAwait(@TempDir Path sources) throws Exception {
    Path source = sources.resolve("gen/Locked.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, String.join("\n",
        "package gen;",
        "",
        "import static dev.spindle.Await.await;",
        "import dev.spindle.Async;",
        "import dev.spindle.Task;",
        "",
        "public final class Locked {",
        "  @Async public static Task<Integer> locked(Object lock, Task<Integer> t) {",
        "    synchronized (lock) { return Task.completed(await(t) + 1); }",
        "  }",
        "}"));
    String runtime = Path.of(Task.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, errors, errors, "--release",
        "17", "-proc:none", "-cp", runtime, "-d", classes.toString(), source.toString()),
        errors.toString());
    original = Files.readAllBytes(classes.resolve("gen/Locked.class"));
  }

  private <M extends AbstractWeaveMojo> M configured(M mojo, boolean strict) {
    mojo.strict = strict;
    mojo.setLog(new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        log.add("INFO " + content);
      }

      @Override
      public void warn(CharSequence content) {
        log.add("WARN " + content);
      }

      @Override
      public void error(CharSequence content) {
        log.add("ERROR " + content);
      }
    });
    return mojo;
  }

  private WeaveMojo weave(boolean strict) {
    WeaveMojo mojo = configured(new WeaveMojo(), strict);
    mojo.classesDirectory = classes.toFile();
    return mojo;
  }

  @Test
  void strictFailsTheBuildWithClassMethodLineAndFixAndWritesNothing() throws Exception {
    MojoFailureException failure = assertThrows(MojoFailureException.class,
        () -> weave(true).execute());
    assertEquals("spindle: 1 @Async method(s) in " + classes + " cannot be rewritten, so no"
        + " class there was woven (strict, the default):\n  " + REFUSAL + "\nFix each method as"
        + " its message says, or set <strict>false</strict> (-Dspindle.weave.strict=false) to"
        + " weave the rest and make the refused methods throw their message.",
        failure.getMessage());
    assertEquals(List.of("ERROR " + REFUSAL), log);
    assertArrayEquals(original, Files.readAllBytes(classes.resolve("gen/Locked.class")));
  }

  @Test
  void notStrictWarnsAndWritesTheRefusedMethodThrowingItsMessage() throws Exception {
    weave(false).execute();
    assertEquals(List.of("WARN " + REFUSAL, "INFO spindle: 1 class file(s) in " + classes
        + ": 1 rewritten, 1 refused method(s), 0 notice(s)"), log);
    assertFalse(Arrays.equals(original, Files.readAllBytes(classes.resolve("gen/Locked.class"))));
  }

  @Test
  void skipAndAMissingDirectoryWeaveNothing() throws Exception {
    WeaveMojo skipped = weave(true);
    skipped.skip = true;
    skipped.execute();
    WeaveTestsMojo noTests = configured(new WeaveTestsMojo(), true);
    noTests.testClassesDirectory = new File(classes.toFile(), "missing");
    noTests.execute();
    assertEquals(List.of("INFO spindle: weaving skipped (spindle.weave.skip)",
        "INFO spindle: nothing to weave, " + noTests.testClassesDirectory + " does not exist"),
        log);
    assertArrayEquals(original, Files.readAllBytes(classes.resolve("gen/Locked.class")));
  }
}
