package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.corpus.Plain;
import dev.spindle.agent.testing.ClassFiles;
import dev.spindle.agent.testing.IsolatedClassLoader;
import dev.spindle.agent.testing.LogCapture;
import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Notice;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.TransformResult;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installation's decisions and reports, around a stand-in rewrite pipeline: what reaches the
 * rewriter, and what becomes of its refusals, failures and output. (End-to-end tests with the
 * real pipeline are in {@link SpindleAgentTest}.)
 */
class LoadTimeTransformerTest {
  private static final String PLAIN = "dev.spindle.agent.corpus.Plain";
  private static final String SUMS = "dev.spindle.agent.corpus.Sums";
  private static final ClassLoader APPLICATION = LoadTimeTransformerTest.class.getClassLoader();
  private static final ProtectionDomain TEST_CLASSES =
      LoadTimeTransformerTest.class.getProtectionDomain();
  private static final Refusal REFUSAL = new Refusal("dev.spindle.agent.corpus.Plain", "twice",
      "(I)I", 12, "await() must not be called while holding a monitor: in"
      + " dev.spindle.agent.corpus.Plain.twice(int) (Plain.java:12); move it out of the"
      + " synchronized block");

  private static final LoadTimeTransformer.Pipeline UNREACHABLE = (name, bytes) -> {
    throw new AssertionError("the rewriter must not be reached for " + name);
  };

  private static LoadTimeTransformer transformer(boolean strict, Path dump,
      LoadTimeTransformer.Pipeline rewriter) {
    return new LoadTimeTransformer(rewriter, new AgentOptions(strict, dump, false),
        new AgentReporter());
  }

  @Test
  void aClassWithoutAsyncIsNeitherParsedNorChanged() {
    LoadTimeTransformer transformer = transformer(true, null, UNREACHABLE);
    // not even a class file: reading it would fail, so returning null proves it was not read
    assertNull(transformer.transform(APPLICATION, "com/acme/Garbage", null, TEST_CLASSES,
        "not a class file".getBytes()));
    assertNull(transformer.transform(APPLICATION, ClassFiles.internalName(PLAIN), null,
        TEST_CLASSES, ClassFiles.bytesOf(PLAIN)));
  }

  @Test
  void bootstrapPlatformAndAgentClassesAreNeverOfferedAndThoseWithAsyncMethodsAreReported() {
    LoadTimeTransformer transformer = transformer(true, null, UNREACHABLE);
    byte[] sums = ClassFiles.bytesOf(SUMS);
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertNull(transformer.transform(null, "com/acme/Sums", null, null, sums));
      for (String platform : List.of("java/util/Sums", "jdk/internal/Sums", "sun/misc/Sums",
          "com/sun/Sums")) {
        assertNull(transformer.transform(APPLICATION, platform, null, TEST_CLASSES, sums));
      }
      assertNull(transformer.transform(APPLICATION, "dev/spindle/agent/transform/Names", null,
          LoadTimeTransformer.class.getProtectionDomain(), sums));
      assertEquals(List.of("WARNING the Spindle agent does not rewrite com.acme.Sums, which"
          + " declares @Async method(s) sum: it is loaded by the bootstrap class loader, whose"
          + " classes the agent never rewrites, so those methods throw at their first await;"
          + " load it from the class path instead of -Xbootclasspath/a, or weave it at build"
          + " time (spindle-maven-plugin, or java -jar spindle-agent.jar weave DIR)",
          platformSkipped("java.util.Sums"), platformSkipped("jdk.internal.Sums"),
          platformSkipped("sun.misc.Sums"), platformSkipped("com.sun.Sums")), log.lines(),
          "one warning per skipped class with @Async methods; none for the agent's own");
    }
  }

  private static String platformSkipped(String className) {
    return "WARNING the Spindle agent does not rewrite " + className + ", which declares @Async"
        + " method(s) sum: its package (java., jdk., sun., com.sun.) belongs to the JDK, whose"
        + " classes the agent never rewrites, so those methods throw at their first await; move"
        + " it to a package of your own";
  }

  @Test
  void skippedClassesWithoutAsyncMethodsAreNotReported() {
    LoadTimeTransformer transformer = transformer(true, null, UNREACHABLE);
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      // calls await, declares no @Async method
      assertNull(transformer.transform(null, "com/acme/AwaitOutsideAsync", null, null,
          ClassFiles.bytesOf("dev.spindle.agent.corpus.AwaitOutsideAsync")));
      assertEquals(List.of(), log.lines());
    }
  }

  /** A class woven at build time carries the rewriter's mark: the agent leaves it alone. */
  @Test
  void aWovenClassIsRecognisedAndLeftAlone() {
    byte[] woven = new Weaver().weave(ClassFiles.bytesOf(SUMS)).rewritten();
    assertNotNull(woven);
    LoadTimeTransformer transformer = new LoadTimeTransformer(
        new AsyncClassTransformer(TransformOptions.DEFAULT)::transform,
        new AgentOptions(true, null, false), new AgentReporter());
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertNull(transformer.transform(APPLICATION, ClassFiles.internalName(SUMS), null,
          TEST_CLASSES, woven));
      assertEquals(List.of(), log.lines());
    }
  }

  /** User code that names AsyncFrame is rewritten like any other (it once was skipped). */
  @Test
  @Timeout(60)
  void aClassThatNamesAsyncFrameIsStillRewritten() throws Exception {
    String namesTheFrame = "dev.spindle.agent.corpus.NamesTheFrame";
    LoadTimeTransformer transformer = new LoadTimeTransformer(
        new AsyncClassTransformer(TransformOptions.DEFAULT)::transform,
        new AgentOptions(true, null, false), new AgentReporter());
    byte[] rewritten = transformer.transform(APPLICATION, ClassFiles.internalName(namesTheFrame),
        null, TEST_CLASSES, ClassFiles.bytesOf(namesTheFrame));
    assertNotNull(rewritten, "a class that names AsyncFrame must still be rewritten");
    Class<?> loaded = new IsolatedClassLoader(Set.of(namesTheFrame),
        Map.of(namesTheFrame, rewritten), (name, bytes) -> bytes).loadClass(namesTheFrame);
    Method plusOne = loaded.getMethod("plusOne", Task.class);
    assertEquals(3, (int) EventLoop.run(() -> {
      Promise<Integer> two = new Promise<>();
      Task<Integer> three = invoke(plusOne, two.task());
      EventLoop.current().execute(() -> two.complete(2));
      return three;
    }));
  }

  @Test
  void testClassesInTheAgentsPackagesAreOffered() {
    AtomicInteger offered = new AtomicInteger();
    LoadTimeTransformer transformer = transformer(true, null, (name, bytes) -> {
      offered.incrementAndGet();
      return new TransformResult(null, List.of());
    });
    assertNull(transformer.transform(APPLICATION, ClassFiles.internalName(SUMS), null,
        TEST_CLASSES, ClassFiles.bytesOf(SUMS)));
    assertEquals(1, offered.get());
  }

  @Test
  void classesLoadedWhileTheRewriterRunsPassThroughAndAreReported() {
    byte[] sums = ClassFiles.bytesOf(SUMS);
    byte[][] inner = new byte[1][];
    LoadTimeTransformer[] self = new LoadTimeTransformer[1];
    self[0] = transformer(false, null, (name, bytes) -> {
      inner[0] = self[0].transform(APPLICATION, "com/acme/Inner", null, TEST_CLASSES, sums);
      return new TransformResult(bytes, List.of());
    });
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertSame(sums, self[0].transform(APPLICATION, "com/acme/Outer", null, TEST_CLASSES,
          sums));
      assertNull(inner[0]);
      assertEquals(List.of("WARNING the Spindle agent does not rewrite com.acme.Inner, which"
          + " declares @Async method(s) sum: it loaded while the agent was rewriting another"
          + " class on the same thread (a class loader or logger that loads application classes"
          + " from inside the agent), and the agent never re-enters itself, so those methods"
          + " throw at their first await; load it before the class being rewritten, or weave it"
          + " at build time (spindle-maven-plugin, or java -jar spindle-agent.jar weave DIR)"),
          log.lines());
    }
  }

  /**
   * A caller of {@code transform} may pass no name (the JVM itself offers no hidden class to
   * agents, but a framework that defines one may run transformers on its bytes): the class is
   * rewritten, by the real pipeline, under the name in its class file.
   */
  @Test
  @Timeout(60)
  void aNamelessClassIsRewrittenUnderTheNameInItsClassFile() throws Exception {
    byte[] rewritten = rewrittenWithoutAName(ClassFiles.bytesOf(SUMS));
    Class<?> sums = new IsolatedClassLoader(Set.of(SUMS), Map.of(SUMS, rewritten),
        (name, bytes) -> bytes).loadClass(SUMS);
    assertEquals(5, sumSuspending(sums));
  }

  /** The same, defined as a hidden class: its resumer links to it by handle, not by name. */
  @Test
  @Timeout(60)
  void aNamelessClassRewrittenThenDefinedHiddenRuns() throws Exception {
    assumeTrue(Runtime.version().feature() >= 23, "JDK-8330467 (fixed in 23): a lambda in a"
        + " hidden class throws NoClassDefFoundError, and the resume link is one");
    byte[] rewritten = rewrittenWithoutAName(ClassFiles.bytesOf(SUMS));
    Class<?> hidden = MethodHandles.privateLookupIn(Plain.class, MethodHandles.lookup())
        .defineHiddenClass(rewritten, true).lookupClass();
    assertTrue(hidden.isHidden());
    assertEquals(5, sumSuspending(hidden));
  }

  private static byte[] rewrittenWithoutAName(byte[] classFile) {
    LoadTimeTransformer transformer = new LoadTimeTransformer(
        new AsyncClassTransformer(TransformOptions.DEFAULT)::transform,
        new AgentOptions(true, null, false), new AgentReporter());
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      byte[] rewritten = transformer.transform(APPLICATION, null, null, TEST_CLASSES, classFile);
      assertNotNull(rewritten, "a nameless class must not be skipped");
      assertEquals(List.of(), log.lines());
      return rewritten;
    }
  }

  /** {@code Sums.sum(first, 3)}, where {@code first} (2) finishes on the loop's next turn. */
  private static int sumSuspending(Class<?> sums) throws NoSuchMethodException {
    Method sum = sums.getMethod("sum", Task.class, Task.class);
    return EventLoop.run(() -> {
      Promise<Integer> first = new Promise<>();
      Task<Integer> total = invoke(sum, first.task(), Task.completed(3));
      EventLoop.current().execute(() -> first.complete(2));
      return total;
    });
  }

  @Test
  void aNamelessClassWhoseNameCannotBeReadIsReportedLoudly() {
    LoadTimeTransformer transformer = transformer(true, null, UNREACHABLE);
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertNull(transformer.transform(APPLICATION, null, null, TEST_CLASSES,
          "not a class file, though it says Ldev/spindle/Async;".getBytes()));
      LogRecord record = log.records().get(0);
      assertEquals(Level.SEVERE, record.getLevel());
      assertEquals("a class offered to the Spindle agent without a name (by a caller of"
          + " ClassFileTransformer.transform that passes none) mentions @Async or await, but its"
          + " name could not be read from its class file (" + record.getThrown() + "): it loads"
          + " unchanged, so its @Async methods throw at their first await", record.getMessage());
      assertEquals(1, log.records().size());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> invoke(Method method, Object... arguments) {
    try {
      return (Task<T>) method.invoke(null, arguments);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void refusalsReachTheLoggerWithTheirFullMessage() {
    byte[] rewritten = ClassFiles.bytesOf(SUMS);
    LoadTimeTransformer transformer = transformer(false, null,
        (name, bytes) -> new TransformResult(rewritten, List.of(REFUSAL)));
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertSame(rewritten, transformer.rewrite(ClassFiles.internalName(PLAIN),
          ClassFiles.bytesOf(PLAIN)));
      assertEquals(List.of("WARNING " + REFUSAL.message()), log.lines());
    }
  }

  @Test
  void noticesReachTheLoggerAsWarningsAndTheClassIsStillRewritten() {
    byte[] rewritten = ClassFiles.bytesOf(SUMS);
    Notice notice = new Notice(PLAIN, "big", "()Ldev/spindle/Task;",
        "@Async method Plain.big() is 5000 bytes of bytecode, and its state machine 9000 bytes");
    LoadTimeTransformer transformer = transformer(true, null,
        (name, bytes) -> new TransformResult(rewritten, List.of(), List.of(notice)));
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertSame(rewritten, transformer.rewrite(ClassFiles.internalName(PLAIN),
          ClassFiles.bytesOf(PLAIN)), "a notice is no refusal, strict mode included");
      assertEquals(List.of("WARNING " + notice.message()), log.lines());
    }
  }

  @Test
  void strictModeMakesARefusedClassFailToInitializeWithTheRefusal() {
    LoadTimeTransformer transformer = transformer(true, null,
        (name, bytes) -> new TransformResult(null, List.of(REFUSAL)));
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      ClassLoader loader = new IsolatedClassLoader(Set.of(PLAIN), Map.of(),
          transformer::rewrite);
      Error error = assertThrows(Error.class, () -> Class.forName(PLAIN, true, loader));
      assertEquals(Error.class, error.getClass());
      assertEquals("-Dspindle.strict=true: the Spindle agent refused to rewrite 1 method(s) of"
          + " dev.spindle.agent.corpus.Plain, so the class must not be used:\n  "
          + REFUSAL.message(), error.getMessage());
      NoClassDefFoundError later =
          assertThrows(NoClassDefFoundError.class, () -> Class.forName(PLAIN, true, loader));
      assertTrue(later.getMessage().contains(PLAIN), later.getMessage());
      assertEquals(List.of("SEVERE " + REFUSAL.message(), "SEVERE class " + PLAIN
          + " will fail to initialize: " + error.getMessage()), log.lines());
    }
  }

  @Test
  void anInternalFailureIsReportedWithItsStackTraceAndTheClassLoadsUntouched() throws Exception {
    IllegalStateException bug = new IllegalStateException("frame analysis lost a local");
    LoadTimeTransformer transformer = transformer(false, null, (name, bytes) -> {
      throw bug;
    });
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertNull(transformer.rewrite(ClassFiles.internalName(PLAIN), ClassFiles.bytesOf(PLAIN)));
      LogRecord record = log.records().get(0);
      assertEquals(Level.SEVERE, record.getLevel());
      assertSame(bug, record.getThrown());
      assertEquals("the Spindle agent failed while rewriting " + PLAIN + " (a bug in Spindle:"
          + " please report it with the class file, -Dspindle.dump=<dir> helps):"
          + " java.lang.IllegalStateException: frame analysis lost a local; the class loads"
          + " untouched, so its @Async methods throw at their first await", record.getMessage());
      ClassLoader loader = new IsolatedClassLoader(Set.of(PLAIN), Map.of(), (name, bytes) -> {
        byte[] rewritten = transformer.rewrite(name, bytes);
        return rewritten == null ? bytes : rewritten;
      });
      assertEquals(5, Class.forName(PLAIN, true, loader).getField("value").getInt(null));
    }
  }

  @Test
  void anInternalFailureInStrictModeFailsTheClassInitialization() {
    LoadTimeTransformer transformer = transformer(true, null, (name, bytes) -> {
      throw new StackOverflowError("deep");
    });
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      ClassLoader loader = new IsolatedClassLoader(Set.of(PLAIN), Map.of(),
          transformer::rewrite);
      Error error = assertThrows(Error.class, () -> Class.forName(PLAIN, true, loader));
      assertTrue(error.getMessage().startsWith("the Spindle agent failed while rewriting "
          + PLAIN), error.getMessage());
      assertTrue(error.getMessage().endsWith("java.lang.StackOverflowError: deep;"
          + " -Dspindle.strict=true makes the class fail to initialize"), error.getMessage());
      assertEquals(StackOverflowError.class, log.records().get(0).getThrown().getClass());
    }
  }

  @Test
  void dumpWritesEachRewrittenClassAndItsListing(@TempDir Path dump) throws Exception {
    byte[] rewritten = ClassFiles.bytesOf(PLAIN);
    LoadTimeTransformer transformer = transformer(false, dump,
        (name, bytes) -> new TransformResult(rewritten, List.of()));
    transformer.rewrite("dev/spindle/agent/corpus/Plain", ClassFiles.bytesOf(SUMS));
    assertArrayEquals(rewritten,
        Files.readAllBytes(dump.resolve("dev/spindle/agent/corpus/Plain.class")));
    String listing = Files.readString(dump.resolve("dev/spindle/agent/corpus/Plain.txt"));
    assertTrue(listing.contains("public static twice(I)I"), listing);
    assertTrue(listing.contains("IMUL"), listing);
  }

  @Test
  void dumpWritesNothingForAnUntouchedClass(@TempDir Path dump) throws Exception {
    LoadTimeTransformer transformer = transformer(false, dump,
        (name, bytes) -> new TransformResult(null, List.of()));
    assertNull(transformer.rewrite("dev/spindle/agent/corpus/Sums", ClassFiles.bytesOf(SUMS)));
    try (var files = Files.list(dump)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void aDumpThatCannotBeWrittenIsReportedAndTheClassStillLoads(@TempDir Path dump)
      throws Exception {
    Path notADirectory = Files.writeString(dump.resolve("file"), "x");
    byte[] rewritten = ClassFiles.bytesOf(PLAIN);
    LoadTimeTransformer transformer = transformer(false, notADirectory,
        (name, bytes) -> new TransformResult(rewritten, List.of()));
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      assertSame(rewritten, transformer.rewrite("dev/spindle/agent/corpus/Plain", rewritten));
      assertNotNull(log.records().get(0).getThrown());
      assertTrue(log.lines().get(0).startsWith("WARNING -Dspindle.dump could not write "
          + PLAIN), log.lines().toString());
    }
  }
}
