package dev.spindle.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.ManualClock;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.TimerHandle;
import dev.spindle.loop.LoopAccess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timers on a running loop, on a manual clock: exact and without sleeping. */
class LoopTimersTest {
  private final ManualClock clock = new ManualClock();

  private <T> T run(java.util.function.Supplier<? extends Task<T>> main) {
    return EventLoop.builder().clock(clock).run(main);
  }

  @Test
  @Timeout(10)
  void timersFireInDeadlineOrderAndCancelledOnesNever() {
    List<String> fired = new ArrayList<>();
    run(() -> {
      EventLoop loop = EventLoop.current();
      Promise<Void> last = new Promise<>();
      loop.runAfter(Duration.ofMillis(30), () -> fired.add("30ms"));
      TimerHandle cancelled = loop.runAfter(Duration.ofMillis(20), () -> fired.add("20ms"));
      loop.runAfter(Duration.ofMillis(10), () -> fired.add("10ms a"));
      loop.runAfter(Duration.ofMillis(10), () -> fired.add("10ms b"));
      loop.runAfter(Duration.ofMillis(50), () -> {
        fired.add("50ms");
        last.complete(null);
      });
      TimerHandle cancelledLate = loop.runAfter(Duration.ofMillis(40), () -> fired.add("40ms"));
      assertTrue(cancelled.cancel());
      return Steps.then(EventLoop.yieldNow(), turned -> {
        fired.add("nothing before time moves");
        clock.advance(Duration.ofMillis(35));
        return Steps.then(EventLoop.yieldNow(), turned2 -> {
          assertTrue(cancelledLate.cancel());
          assertEquals(1, LoopAccess.get().timers(loop).size(), "cancelled timers are removed, not kept");
          clock.advance(Duration.ofMillis(15));
          return last.task();
        });
      });
    });
    assertEquals(List.of("nothing before time moves", "10ms a", "10ms b", "30ms", "50ms"),
        fired);
  }

  @Test
  @Timeout(10)
  void aLoopWaitingOnlyForATimerWakesWhenAnotherThreadAdvancesTheClock() throws Exception {
    Thread advancer = new Thread(() -> clock.advance(Duration.ofSeconds(5)), "advancer");
    String result = run(() -> {
      Task<Void> sleeping = EventLoop.sleep(Duration.ofSeconds(5));
      advancer.start();
      return Steps.then(sleeping, slept -> Task.completed("woke"));
    });
    advancer.join();
    assertEquals("woke", result);
  }

  @Test
  @Timeout(10)
  void onTheSystemClockTheNearestTimerBoundsTheSelectAndASleepLastsAtLeastItsDelay() {
    long started = System.nanoTime();
    long[] woke = new long[1];
    EventLoop.run(() -> Steps.then(EventLoop.sleep(Duration.ofMillis(30)), slept -> {
      woke[0] = System.nanoTime();
      return Task.completed();
    }));
    long elapsedMillis = (woke[0] - started) / 1_000_000;
    assertTrue(elapsedMillis >= 30, "slept " + elapsedMillis + " ms");
  }

  @Test
  @Timeout(10)
  void cancellingASleepRemovesItsTimer() {
    Object[] outcome = run(() -> {
      EventLoop loop = EventLoop.current();
      Task<Void> sleep = EventLoop.sleep(Duration.ofHours(1));
      int during = LoopAccess.get().timers(loop).size();
      boolean cancelled = sleep.cancel();
      return Task.completed(new Object[] {during, cancelled, LoopAccess.get().timers(loop).size(),
          sleep.failureNow()});
    });
    assertEquals(1, outcome[0]);
    assertEquals(true, outcome[1]);
    assertEquals(0, outcome[2]);
    assertInstanceOf(CancellationException.class, outcome[3]);
  }

  @Test
  @Timeout(10)
  void aTimerAddedFromAnotherThreadRunsOnTheLoop() throws Exception {
    Thread[] ranOn = new Thread[1];
    Thread loopThread = run(() -> {
      EventLoop loop = EventLoop.current();
      Promise<Thread> done = new Promise<>();
      Thread adder = new Thread(() -> {
        loop.runAfter(Duration.ofMillis(5), () -> {
          ranOn[0] = Thread.currentThread();
          done.complete(Thread.currentThread());
        });
        clock.advance(Duration.ofMillis(5));
      });
      adder.start();
      return done.task();
    });
    assertSame(Thread.currentThread(), loopThread);
    assertSame(loopThread, ranOn[0]);
  }

  @Test
  @Timeout(10)
  void orTimeoutFailsWithTimeoutExceptionAndCancelsTheSlowTask() {
    Promise<String> slow = new Promise<>();
    Object[] outcome = run(() -> {
      Task<String> bounded = slow.task().orTimeout(Duration.ofSeconds(2));
      clock.advance(Duration.ofSeconds(2));
      return Steps.then(caught(bounded), error -> Task.completed(
          new Object[] {error, LoopAccess.get().timers(EventLoop.current()).size()}));
    });
    assertInstanceOf(TimeoutException.class, outcome[0]);
    String inner = "PromiseTask@" + Integer.toHexString(slow.task().hashCode());
    assertEquals("Task.orTimeout(PT2S): the task did not finish within PT2S, so it was cancelled: "
        + inner + "[cancelled]", ((Throwable) outcome[0]).getMessage());
    assertTrue(slow.task().isCancelled());
    assertEquals(0, outcome[1]);
  }

  @Test
  @Timeout(10)
  void orTimeoutPassesAnInTimeValueAndDropsItsTimer() {
    Promise<String> quick = new Promise<>();
    Object[] outcome = run(() -> {
      Task<String> bounded = quick.task().orTimeout(Duration.ofSeconds(2));
      quick.complete("in time");
      return Steps.then(bounded, value -> Task.completed(
          new Object[] {value, LoopAccess.get().timers(EventLoop.current()).size()}));
    });
    assertEquals("in time", outcome[0]);
    assertEquals(0, outcome[1]);
  }

  @Test
  @Timeout(10)
  void orTimeoutOutsideALoopIsRefusedWithItsRule() {
    IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> new Promise<String>().task()
            .orTimeout(Duration.ofSeconds(1)));
    assertEquals("Task.orTimeout(PT1S) must be called on an event-loop thread; this is "
        + Thread.currentThread().getName() + ": its timer runs on the loop, so call it inside"
        + " EventLoop.run(...)", refused.getMessage());
  }

  /** The failure of a task once it finishes. */
  private static Task<Throwable> caught(Task<?> task) {
    Promise<Throwable> failure = new Promise<>();
    task.whenDone(done -> failure.complete(done.failureNow()));
    return failure.task();
  }
}
