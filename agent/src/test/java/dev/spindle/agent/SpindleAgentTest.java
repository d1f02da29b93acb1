package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.testing.IsolatedClassLoader;
import dev.spindle.agent.testing.LogCapture;
import dev.spindle.agent.testing.SpindleAgentExtension;
import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.TransformOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The installed agent, end to end: real class loading, the real rewrite pipeline. */
@ExtendWith(SpindleAgentExtension.class)
@Timeout(60)
class SpindleAgentTest {
  private static final String SUMS = "dev.spindle.agent.corpus.Sums";
  private static final String REFUSED = "dev.spindle.agent.corpus.Refused";
  private static final String NEIGHBOUR = "dev.spindle.agent.corpus.Neighbour";

  private static final ExecutorService OTHER_THREAD = Executors.newSingleThreadExecutor();

  @AfterAll
  static void stopOtherThread() {
    OTHER_THREAD.shutdownNow();
  }

  @Test
  void installingAgainFromManyThreadsInstallsOnce() throws Exception {
    Object installed = SpindleAgent.installedTransformer();
    assertNotNull(installed);
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          SpindleAgent.install();
          return null;
        }));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(SpindleAgent.isInstalled());
    assertSame(installed, SpindleAgent.installedTransformer());
  }

  @Test
  void aClassLoadedAfterInstallationIsRewritten() throws Exception {
    Method sum = Class.forName(SUMS, true, new IsolatedClassLoader(Set.of(SUMS)))
        .getMethod("sum", Task.class, Task.class);
    int result = EventLoop.run(() -> {
      Promise<Integer> first = new Promise<>();
      Promise<Integer> second = new Promise<>();
      Task<Integer> sumTask = invoke(sum, first.task(), second.task());
      OTHER_THREAD.execute(() -> {
        first.complete(2);
        second.complete(3);
      });
      return sumTask;
    });
    assertEquals(5, result);
  }

  @Test
  void aRefusedClassFailsToInitializeInStrictModeAndItsNeighbourStillWorks() throws Exception {
    assumeTrue(Boolean.getBoolean(AgentOptions.STRICT), "surefire runs with -Dspindle.strict=true");
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      ClassLoader loader = new IsolatedClassLoader(Set.of(REFUSED, NEIGHBOUR));
      Error error = assertThrows(Error.class, () -> Class.forName(REFUSED, true, loader));
      String refusal = log.records().get(0).getMessage();
      assertRefusalNamesThePlace(refusal);
      assertTrue(error.getMessage().endsWith("\n  " + refusal), error.getMessage());

      Method greet = Class.forName(NEIGHBOUR, true, loader).getMethod("greet", Task.class);
      String greeting = EventLoop.run(() -> {
        Promise<String> name = new Promise<>();
        Task<String> task = invoke(greet, name.task());
        EventLoop.current().execute(() -> name.complete("neighbour"));
        return task;
      });
      assertEquals("hello, neighbour", greeting);
    }
  }

  @Test
  void anAwaitOutsideAnyAsyncMethodIsReportedWhenItsClassLoads() {
    String className = "dev.spindle.agent.corpus.AwaitOutsideAsync";
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      Class.forName(className, false, new IsolatedClassLoader(Set.of(className)));
      String refusal = log.records().get(0).getMessage();
      assertTrue(refusal.startsWith("await() called in " + className + ".forgotAsync("), refusal);
      assertTrue(refusal.endsWith("which is not @Async: annotate it or call join()"), refusal);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void withoutStrictModeOnlyTheRefusedMethodFailsAndWithTheRefusal() throws Exception {
    LoadTimeTransformer lenient = new LoadTimeTransformer(
        new AsyncClassTransformer(TransformOptions.DEFAULT)::transform,
        new AgentOptions(false, null, false), new AgentReporter());
    try (LogCapture log = LogCapture.of(AgentReporter.LOGGER_NAME)) {
      ClassLoader loader = new IsolatedClassLoader(Set.of(REFUSED), Map.of(), (name, bytes) -> {
        byte[] rewritten = lenient.rewrite(name, bytes);
        return rewritten == null ? bytes : rewritten;
      });
      Class<?> refused = Class.forName(REFUSED, true, loader);
      LogRecord record = log.records().get(0);
      assertEquals(java.util.logging.Level.WARNING, record.getLevel());
      assertRefusalNamesThePlace(record.getMessage());

      assertEquals(42, refused.getField("initialized").getInt(null));
      assertEquals(7, refused.getMethod("plain").invoke(null));
      Task<?> plusOne = (Task<?>) refused.getMethod("plusOne", Task.class)
          .invoke(null, Task.completed(1));
      assertEquals(2, plusOne.join());

      Throwable failure = failureOf(refused.getMethod("lockedAwait", Object.class, Task.class),
          new Object(), Task.completed(1));
      assertTrue(failure.getMessage().contains(record.getMessage()), failure.toString());
    }
  }

  private static void assertRefusalNamesThePlace(String refusal) {
    assertTrue(refusal.contains(REFUSED), refusal);
    assertTrue(refusal.contains("lockedAwait"), refusal);
    assertTrue(refusal.contains("Refused.java:" + dev.spindle.agent.corpus.Refused
        .LINE_OF_LOCKED_AWAIT), refusal);
  }

  /** What calling a refused method gives: thrown at once, or as the failure of its task. */
  private static Throwable failureOf(Method method, Object... arguments) throws Exception {
    try {
      Task<?> task = (Task<?>) method.invoke(null, arguments);
      assertTrue(task.isFailed(), "a refused method must not run its body: " + task);
      return task.failureNow();
    } catch (InvocationTargetException thrown) {
      return thrown.getCause();
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
}
