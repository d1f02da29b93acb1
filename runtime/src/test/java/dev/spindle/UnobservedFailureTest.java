package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failed task that nobody observes is reported once it is unreachable; an observed one never
 * is, and none twice. Each test drops a task, collects it, and waits for the report (or for a
 * sentinel's, to show there is none).
 */
@Timeout(60)
class UnobservedFailureTest {
  @RegisterExtension
  final Reports reports = new Reports();

  @Test
  void aDroppedFailedPromiseIsReportedOnItsLoopWhileTheLoopRuns() throws Exception {
    IllegalStateException failure = new IllegalStateException("dropped on the loop");
    WeakReference<?>[] probe = new WeakReference<?>[1];
    Thread[] loopThread = new Thread[1];
    Promise<Reports.Report> reported = new Promise<>();
    EventLoop.builder()
        .uncaughtFailureHandler((task, error) -> {
          if (error == failure) {
            reported.complete(new Reports.Report(task.toString(), task.failureNow(), error,
                Thread.currentThread()));
          }
        })
        .run(() -> {
          loopThread[0] = Thread.currentThread();
          probe[0] = new WeakReference<>(failAndDrop(failure));
          return collectOnTheLoopUntil(reported.task());
        });
    Reports.Report report = reported.task().resultNow();
    assertSame(loopThread[0], report.thread(), "the handler runs on the loop that failed it");
    assertEquals(null, probe[0].get());
    assertTrue(report.task().matches("PromiseTask@[0-9a-f]+\\[failed, and"
        + " garbage-collected before anyone awaited, joined or spawned it: await its task, or"
        + " pass it to EventLoop.spawn\\(\\.\\.\\.\\) to run it detached]"), report.task());
    assertSame(failure, report.taskFailure());
  }

  /** Fails a promise that nobody waits for, and keeps only a weak reference to its task. */
  private static Task<?> failAndDrop(Throwable failure) {
    Promise<String> promise = new Promise<>();
    promise.fail(failure);
    return promise.task();
  }

  /** On the loop: System.gc() every 10 ms (a poll interval, bounded) until {@code done}. */
  private static <T> Task<T> collectOnTheLoopUntil(Task<T> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(Reports.LIMIT_SECONDS).toNanos();
    return Steps.then(Steps.repeat(() -> {
      if (done.isDone()) {
        return Task.completed(false);
      }
      if (System.nanoTime() - deadline > 0) {
        return Task.failed(new AssertionError("no report within " + Reports.LIMIT_SECONDS + " s"));
      }
      System.gc();
      return Steps.then(EventLoop.sleep(Duration.ofMillis(10)), slept -> Task.completed(true));
    }), finished -> done);
  }

  @Test
  void aDroppedTaskOfAStoppedLoopIsReportedToThatLoopsHandler() throws Exception {
    Reports loopReports = new Reports();
    RuntimeException failure = new RuntimeException("dropped, then the loop ended");
    WeakReference<?>[] probe = new WeakReference<?>[1];
    EventLoop.builder().uncaughtFailureHandler(loopReports).run(() -> {
      probe[0] = new WeakReference<>(Task.failed(failure));
      return Task.completed();
    });
    Reports.collect(probe[0]);
    Reports.Report report = loopReports.next(failure);
    assertEquals("spindle-unobserved-failures", report.thread().getName());
    assertTrue(report.task().startsWith("Done@"), report.task());
  }

  @Test
  void aFailedTaskDroppedOutsideAnyLoopGoesToTheDefaultHandlerOnce() throws Exception {
    Error failure = new AssertionError("an Error counts too");
    Reports.collect(new WeakReference<>(Task.failed(failure)));
    reports.next(failure);
    reports.sentinel();
    assertEquals(1, reports.of(failure).size(), "reported once");
  }

  /** Every way of observing a failure, and each one keeps it from being reported. */
  static Stream<Arguments> observations() {
    return Stream.of(
        Arguments.of("resultNow() (what await does)", (Consumer<Task<?>>) task ->
            assertThrows(IllegalStateException.class, task::resultNow)),
        Arguments.of("failureNow()", (Consumer<Task<?>>) Task::failureNow),
        Arguments.of("join()", (Consumer<Task<?>>) task ->
            assertThrows(IllegalStateException.class, task::join)),
        Arguments.of("whenDone(waiter)", (Consumer<Task<?>>) task -> task.whenDone(done -> {})),
        Arguments.of("toCompletableFuture()", (Consumer<Task<?>>) task -> {
          CompletableFuture<?> future = task.toCompletableFuture();
          assertTrue(future.isCompletedExceptionally());
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("observations")
  void aFailureObservedAfterItFailedIsNeverReported(String how, Consumer<Task<?>> observe)
      throws Exception {
    IllegalStateException failure = new IllegalStateException("observed by " + how);
    Reports.collect(new WeakReference<>(observed(failure, observe)));
    reports.sentinel();
    assertEquals(List.of(), reports.of(failure));
  }

  private static Task<?> observed(Throwable failure, Consumer<Task<?>> observe) {
    Promise<String> promise = new Promise<>();
    promise.fail(failure); // nobody waits yet: the task is watched
    observe.accept(promise.task());
    observe.accept(promise.task()); // twice: observing is idempotent
    return promise.task();
  }

  @Test
  void lookingAtTheStateIsNotObserving() throws Exception {
    IllegalStateException failure = new IllegalStateException("looked at, never read");
    Reports.collect(new WeakReference<>(observed(failure, task -> {
      assertTrue(task.isDone());
      assertTrue(task.isFailed());
      assertEquals(dev.spindle.task.TaskState.FAILED, task.state());
      task.toString();
    })));
    assertSame(failure, reports.next(failure).failure());
  }

  @Test
  void aFailureAwaitedOnTheLoopIsNotReported() throws Exception {
    IllegalStateException failure = new IllegalStateException("awaited");
    WeakReference<?>[] probes = new WeakReference<?>[2];
    Object caught = EventLoop.run(() -> {
      Promise<String> early = new Promise<>();
      Promise<String> late = new Promise<>();
      late.fail(failure); // failed first, awaited after: Steps.then reads it as await does
      probes[0] = new WeakReference<>(late.task());
      probes[1] = new WeakReference<>(early.task());
      Task<String> waiting = Steps.then(early.task(), value -> Task.completed(value));
      early.fail(failure); // a waiter was there already: never watched
      return Steps.then(catching(late.task()), error -> Steps.then(catching(waiting),
          second -> Task.completed(List.of(error, second))));
    });
    assertEquals(List.of(failure, failure), caught);
    Reports.collect(probes[0]);
    Reports.collect(probes[1]);
    reports.sentinel();
    assertEquals(List.of(), reports.of(failure));
  }

  @Test
  void aSpawnedFailureIsReportedOnceBySpawnAndNotAgainWhenCollected() throws Exception {
    IllegalStateException failure = new IllegalStateException("spawned");
    WeakReference<?>[] probes = new WeakReference<?>[2];
    EventLoop.run(() -> {
      Task<String> failedFirst = Task.failed(failure);
      probes[0] = new WeakReference<>(EventLoop.spawn(failedFirst));
      Promise<String> failedLater = new Promise<>();
      probes[1] = new WeakReference<>(EventLoop.spawn(failedLater.task()));
      failedLater.fail(failure);
      return Task.completed();
    });
    Reports.collect(probes[0]);
    Reports.collect(probes[1]);
    reports.sentinel();
    List<Reports.Report> seen = reports.of(failure);
    assertEquals(2, seen.size(), "one report per spawned task, from spawn: " + seen);
    assertNotEquals(seen.get(0).task(), seen.get(1).task());
  }

  @Test
  void aCancelledTaskIsNeverReported() throws Exception {
    Throwable[] cancellations = new Throwable[2];
    for (WeakReference<?> probe : cancelledAndDropped(cancellations)) {
      Reports.collect(probe);
    }
    reports.sentinel();
    assertEquals(List.of(), reports.of(cancellations[0]));
    assertEquals(List.of(), reports.of(cancellations[1]));
  }

  private static WeakReference<?>[] cancelledAndDropped(Throwable[] cancellations) {
    Promise<String> promise = new Promise<>();
    promise.task().cancel();
    Task<?> cancelledAtOnce = Task.failed(new java.util.concurrent.CancellationException("x"));
    cancellations[0] = promise.task().failureNow();
    cancellations[1] = cancelledAtOnce.failureNow();
    return new WeakReference<?>[] {new WeakReference<>(promise.task()),
        new WeakReference<>(cancelledAtOnce)};
  }

  @Test
  void aFailureTakenOverByAnotherTaskIsThatTasksToReport() throws Exception {
    IllegalStateException failure = new IllegalStateException("passed on");
    WeakReference<?>[] probes = new WeakReference<?>[2];
    EventLoop.run(() -> {
      Promise<String> inner = new Promise<>();
      Task<String> outer = Task.any(inner.task()); // takes the inner failure over
      inner.fail(failure);
      probes[0] = new WeakReference<>(inner.task());
      probes[1] = new WeakReference<>(outer);
      return Task.completed();
    });
    Reports.collect(probes[0]);
    Reports.collect(probes[1]);
    reports.next(failure);
    reports.sentinel();
    assertEquals(1, reports.of(failure).size(), "the outer task's, not also the inner one's");
  }

  private static <T> Task<Throwable> catching(Task<T> task) {
    Promise<Throwable> caught = new Promise<>();
    task.whenDone(done -> caught.complete(done.failureNow()));
    return caught.task();
  }
}
