package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import dev.spindle.io.CapturedLog;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failures are never lost, and user code never kills the loop thread. */
class FailureReportingTest {
  private final List<Object[]> reported = new ArrayList<>();

  private <T> T run(java.util.function.Supplier<? extends Task<T>> main) {
    return EventLoop.builder()
        .uncaughtFailureHandler((task, failure) -> reported.add(new Object[] {task, failure}))
        .run(main);
  }

  @AfterEach
  void restoreDefault() {
    EventLoop.setUncaughtFailureHandler(null);
  }

  @Test
  @Timeout(5)
  void aSpawnedTaskThatFailsIsReportedToTheHandler() {
    IllegalStateException failure = new IllegalStateException("nobody awaits me");
    Promise<Void> detached = new Promise<>();
    run(() -> {
      EventLoop.spawn(detached.task());
      detached.fail(failure);
      return Task.completed();
    });
    assertEquals(1, reported.size());
    assertSame(detached.task(), reported.get(0)[0]);
    assertSame(failure, reported.get(0)[1]);
  }

  @Test
  @Timeout(5)
  void aSpawnedTaskThatIsCancelledOrSucceedsIsNotReported() {
    run(() -> {
      Promise<Void> cancelled = new Promise<>();
      EventLoop.spawn(cancelled.task()).cancel();
      EventLoop.spawn(Task.completed("fine"));
      return Task.completed();
    });
    assertEquals(List.of(), reported);
  }

  @Test
  @Timeout(5)
  void anExceptionThrownByQueuedWorkIsReportedAndTheLoopGoesOn() {
    RuntimeException failure = new RuntimeException("bug in a callback");
    String after = run(() -> {
      Promise<String> later = new Promise<>();
      EventLoop loop = EventLoop.current();
      loop.execute(() -> {
        throw failure;
      });
      loop.execute(() -> later.complete("still running"));
      return later.task();
    });
    assertEquals("still running", after);
    assertEquals(1, reported.size());
    assertNull(reported.get(0)[0]);
    assertSame(failure, reported.get(0)[1]);
  }

  @Test
  @Timeout(5)
  void anExceptionThrownByAWaiterIsReportedAndOtherWaitersAreStillTold() {
    RuntimeException failure = new RuntimeException("bad waiter");
    List<String> told = new ArrayList<>();
    run(() -> {
      Promise<String> promise = new Promise<>();
      promise.task().whenDone(done -> {
        throw failure;
      });
      promise.task().whenDone(done -> told.add("second waiter"));
      promise.complete("x");
      return Task.completed();
    });
    assertEquals(List.of("second waiter"), told);
    assertSame(promise(reported), failure);
  }

  @Test
  @Timeout(5)
  void theProcessWideHandlerServesLoopsWithoutTheirOwn() {
    List<Throwable> global = new ArrayList<>();
    EventLoop.setUncaughtFailureHandler((task, failure) -> global.add(failure));
    IllegalArgumentException failure = new IllegalArgumentException("global");
    EventLoop.run(() -> {
      EventLoop.spawn(Task.failed(failure));
      return Task.completed();
    });
    assertEquals(List.of(failure), global);
  }

  @Test
  @Timeout(5)
  void aThrowingHandlerDoesNotKillTheLoop() {
    RuntimeException first = new RuntimeException("first");
    IllegalStateException broken = new IllegalStateException("handler is broken too");
    try (CapturedLog log = new CapturedLog("dev.spindle")) {
      String result = EventLoop.builder()
          .uncaughtFailureHandler((task, failure) -> {
            throw broken;
          })
          .run(() -> {
            EventLoop.current().execute(() -> {
              throw first;
            });
            return Steps.then(EventLoop.yieldNow(), t -> Task.completed("alive"));
          });
      assertEquals("alive", result);
      // The loop logs what neither the work nor the handler could handle: both, once.
      assertEquals(List.of(first), log.thrownAt(Level.SEVERE));
      assertEquals(List.of(broken), List.of(first.getSuppressed()));
    }
  }

  private static Object promise(List<Object[]> reported) {
    assertTrue(reported.size() == 1, "one report: " + reported.size());
    return reported.get(0)[1];
  }
}
