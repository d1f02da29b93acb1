package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.corpus.Refused;
import dev.spindle.agent.testing.ClassFiles;
import dev.spindle.agent.testing.LogCapture;
import dev.spindle.agent.transform.AsyncClassTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build-time weaver: the agent's bytes, in place, with strict and warning modes. */
class WeaverTest {
  private static final String SUMS = "dev.spindle.agent.corpus.Sums";
  private static final String PLAIN = "dev.spindle.agent.corpus.Plain";
  private static final String REFUSED = "dev.spindle.agent.corpus.Refused";

  @Test
  void wovenBytesAreTheBytesTheAgentLoads() {
    byte[] original = ClassFiles.bytesOf(SUMS);
    LoadTimeTransformer agent = new LoadTimeTransformer(
        new AsyncClassTransformer(AgentOptions.fromSystemProperties().transformOptions())
            ::transform, AgentOptions.fromSystemProperties(), new AgentReporter());
    byte[] loaded = agent.transform(WeaverTest.class.getClassLoader(),
        ClassFiles.internalName(SUMS), null, WeaverTest.class.getProtectionDomain(), original);
    WovenClass woven = new Weaver().weave(original);
    assertNotNull(loaded);
    assertEquals(SUMS, woven.className());
    assertArrayEquals(loaded, woven.rewritten());
    assertEquals(List.of(), woven.refusals());
  }

  @Test
  void asyncLambdasAndFutureMethodsAreWovenToTheBytesTheAgentLoads() throws Exception {
    String lambdas = "dev.spindle.agent.corpus.LambdaSums";
    byte[] original = ClassFiles.bytesOf(lambdas);
    LoadTimeTransformer agent = new LoadTimeTransformer(
        new AsyncClassTransformer(AgentOptions.fromSystemProperties().transformOptions())
            ::transform, AgentOptions.fromSystemProperties(), new AgentReporter());
    byte[] loaded = agent.transform(WeaverTest.class.getClassLoader(),
        ClassFiles.internalName(lambdas), null, WeaverTest.class.getProtectionDomain(), original);
    WovenClass woven = new Weaver().weave(original);
    assertNotNull(loaded);
    assertArrayEquals(loaded, woven.rewritten());
    assertEquals(List.of(), woven.refusals());
    // and the woven class runs, with no agent involved (a loader of its own defines its bytes)
    Class<?> type = new dev.spindle.agent.testing.IsolatedClassLoader(java.util.Set.of(lambdas),
        java.util.Map.of(lambdas, woven.rewritten()), (name, bytes) -> bytes)
        .loadClass(lambdas);
    @SuppressWarnings("unchecked")
    java.util.function.Function<dev.spindle.Task<Integer>, dev.spindle.Task<Integer>> adder =
        (java.util.function.Function<dev.spindle.Task<Integer>, dev.spindle.Task<Integer>>)
            type.getMethod("adder", int.class).invoke(null, 5);
    dev.spindle.Promise<Integer> later = new dev.spindle.Promise<>();
    dev.spindle.Task<Integer> sum = adder.apply(later.task());
    assertFalse(sum.isDone(), "suspended in the lambda");
    later.complete(37);
    assertEquals(42, sum.join());
    java.util.concurrent.CompletableFuture<?> twice = (java.util.concurrent.CompletableFuture<?>)
        type.getMethod("twice", dev.spindle.Task.class)
            .invoke(null, dev.spindle.Task.completed(21));
    assertEquals(42, twice.join());
  }

  @Test
  void aClassWithoutAsyncOrAlreadyWovenIsLeftAsItIs() {
    assertFalse(new Weaver().weave(ClassFiles.bytesOf(PLAIN)).isRewritten());
    byte[] woven = new Weaver().weave(ClassFiles.bytesOf(SUMS)).rewritten();
    assertNull(new Weaver().weave(woven).rewritten());
  }

  @Test
  void aFileThatIsNoClassIsNamed(@TempDir Path classes) throws IOException {
    Files.writeString(classes.resolve("Broken.class"), "not a class");
    IOException failure = assertThrows(IOException.class,
        () -> new Weaver().weaveDirectory(classes, true));
    assertTrue(failure.getMessage().startsWith(classes.resolve("Broken.class")
        + ": not a class file the Spindle rewriter can read ("), failure.getMessage());
  }

  @Test
  void weavesADirectoryInPlaceOnce(@TempDir Path classes) throws IOException {
    Path sums = copy(classes, SUMS);
    Path plain = copy(classes, PLAIN);
    byte[] plainBytes = Files.readAllBytes(plain);
    WeaveSummary first = new Weaver().weaveDirectory(classes, true);
    assertEquals(List.of(SUMS), first.rewritten());
    assertTrue(first.written());
    assertEquals("2 class file(s) in " + classes + ": 1 rewritten, 0 refused method(s),"
        + " 0 notice(s)", first.describe());
    assertArrayEquals(new Weaver().weave(ClassFiles.bytesOf(SUMS)).rewritten(),
        Files.readAllBytes(sums));
    assertArrayEquals(plainBytes, Files.readAllBytes(plain));
    WeaveSummary second = new Weaver().weaveDirectory(classes, true);
    assertEquals(List.of(), second.rewritten(), "a woven class is never woven again");
  }

  @Test
  void strictModeWritesNothingWhenAMethodIsRefused(@TempDir Path classes) throws IOException {
    Path sums = copy(classes, SUMS);
    Path refused = copy(classes, REFUSED);
    WeaveSummary summary = new Weaver().weaveDirectory(classes, true);
    assertFalse(summary.written());
    assertEquals(1, summary.refusals().size());
    String message = summary.refusals().get(0);
    assertTrue(message.contains(REFUSED + ".lockedAwait(Object, Task) (Refused.java:"
        + Refused.LINE_OF_LOCKED_AWAIT + ")"), message);
    assertArrayEquals(ClassFiles.bytesOf(SUMS), Files.readAllBytes(sums));
    assertArrayEquals(ClassFiles.bytesOf(REFUSED), Files.readAllBytes(refused));
    assertTrue(summary.describe().contains("2 rewritten but NOT written, 1 refused method(s)"),
        summary.describe());
  }

  @Test
  void warningModeWritesRefusedMethodsThrowingTheirRefusal(@TempDir Path classes)
      throws IOException {
    Path refused = copy(classes, REFUSED);
    WeaveSummary summary = new Weaver().weaveDirectory(classes, false);
    assertTrue(summary.written());
    assertEquals(1, summary.refusals().size());
    byte[] written = Files.readAllBytes(refused);
    String asText = new String(written, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertTrue(asText.contains("Refused.java:" + Refused.LINE_OF_LOCKED_AWAIT), "the refusal"
        + " is the refused method's body");
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertNull(new Weaver().weave(written).rewritten(), "known by its mark");
      assertEquals(List.of(), log.lines());
    }
  }

  private static Path copy(Path directory, String className) throws IOException {
    Path file = directory.resolve(ClassFiles.internalName(className) + ".class");
    Files.createDirectories(file.getParent());
    return Files.write(file, ClassFiles.bytesOf(className));
  }
}
