package dev.spindle.junit;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

@SpindleTest
class AsyncTestsTest {
  private static final Duration SHORT = Duration.ofMillis(1000);

  @Test
  void returnsTheValueOfTheTask() {
    assertEquals("done", AsyncTests.run(() -> afterAYield("done")));
  }

  @Test
  void runsTheTaskOnAFreshLoopOfItsOwnThread() {
    Thread test = Thread.currentThread();
    Thread loop = AsyncTests.run(() -> afterAYield(Thread.currentThread()));
    assertTrue(loop != test && loop.getName().startsWith("spindle-test-loop-"), loop::getName);
  }

  @Test
  void anAssertionThatFailsInAsyncCodeFailsTheTestUnwrapped() {
    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> AsyncTests.run(() -> assertAfterAYield(1, 2)));
    assertEquals("expected: <1> but was: <2>", failure.getMessage());
  }

  @Test
  void aCheckedExceptionArrivesUnwrapped() {
    IOException thrown = new IOException("disk on fire");
    Throwable failure = assertThrows(Throwable.class,
        () -> AsyncTests.run(() -> failAfterAYield(thrown)));
    assertSame(thrown, failure);
  }

  @Test
  void aTaskThatNeverFinishesFailsAfterTheTimeoutAndIsCancelled() {
    Promise<String> never = new Promise<>();
    AtomicReference<Task<String>> started = new AtomicReference<>();
    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> AsyncTests.run(SHORT, () -> {
          started.set(awaitForever(never));
          return started.get();
        }));
    assertTrue(failure.getMessage().matches("AsyncTests.run: the task did not finish within 1000"
        + " ms; its loop thread spindle-test-loop-\\d+ was idle, waiting for I/O or a timer: the"
        + " task awaits something that never completes \\(its stack is the cause\\)\\. The task"
        + " was cancelled and the loop stopped\\. If the work is just slow, pass a longer"
        + " timeout: AsyncTests.run\\(Duration, main\\)"), failure::getMessage);
    assertTrue(started.get().isCancelled());
  }

  @Test
  void aLoopThreadBlockedByTheTestIsNamedWithItsFrameAndInterrupted() {
    CountDownLatch never = new CountDownLatch(1);
    AssertionFailedError failure = assertThrows(AssertionFailedError.class,
        () -> AsyncTests.run(SHORT, () -> blockTheLoopThread(never)));
    assertTrue(failure.getMessage().contains("was busy in dev.spindle.junit.AsyncTestsTest"
        + ".blockTheLoopThread(AsyncTestsTest.java:"), failure::getMessage);
    assertTrue(failure.getMessage().contains("The task was cancelled but the loop thread still"
        + " runs; it was interrupted."), failure::getMessage);
    StackTraceElement[] where = failure.getCause().getStackTrace();
    assertTrue(java.util.Arrays.stream(where)
        .anyMatch(frame -> frame.getMethodName().equals("blockTheLoopThread")));
  }

  @Async
  static <T> Task<T> afterAYield(T value) {
    await(EventLoop.yieldNow());
    return Task.completed(value);
  }

  @Async
  static Task<Void> assertAfterAYield(int expected, int actual) {
    await(EventLoop.yieldNow());
    assertEquals(expected, actual);
    return Task.completed();
  }

  @Async
  static Task<Void> failAfterAYield(IOException failure) {
    await(EventLoop.yieldNow());
    return Task.failed(failure);
  }

  @Async
  static Task<String> awaitForever(Promise<String> never) {
    return Task.completed(await(never.task()));
  }

  /** Blocks the loop thread until interrupted, as a blocking call in a test's task would. */
  static Task<Void> blockTheLoopThread(CountDownLatch never) {
    try {
      never.await();
      return Task.completed();
    } catch (InterruptedException interrupted) {
      return Task.failed(interrupted);
    }
  }
}
