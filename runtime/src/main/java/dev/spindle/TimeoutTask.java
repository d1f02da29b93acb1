package dev.spindle;

import dev.spindle.task.WaitDescription;
import dev.spindle.timer.Timer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** {@link Task#orTimeout}: the inner task's outcome, or a timeout that cancels it. */
final class TimeoutTask<T> extends Task<T> implements Waiter, Runnable, WaitDescription {
  private final Task<T> inner;
  private final Duration timeout;
  /** Written once on the loop thread before {@link #inner} can be watched. */
  private TimerHandle timer;

  private TimeoutTask(Task<T> inner, Duration timeout) {
    this.inner = inner;
    this.timeout = timeout;
  }

  /** {@link Task#orTimeout} of an unfinished task: the timer runs on the calling thread's loop. */
  static <T> Task<T> start(Task<T> inner, Duration timeout) {
    EventLoop loop = EventLoop.currentOrNull();
    if (loop == null) {
      throw new IllegalStateException("Task.orTimeout(" + timeout + ") must be called on an"
          + " event-loop thread; this is " + Thread.currentThread().getName() + ": its timer runs"
          + " on the loop, so call it inside EventLoop.run(...)");
    }
    TimeoutTask<T> task = new TimeoutTask<>(inner, timeout);
    task.timer = loop.runAfter(timeout, task);
    inner.whenDone(task);
    return task;
  }

  /** The inner task finished first (or at all): take its outcome, drop the timer. */
  @Override
  public void taskDone(Task<?> task) {
    timer.cancel();
    completeFrom(task);
  }

  /**
   * The timer fired first: stop listening to the inner task, cancel it, then fail, so that the
   * message shows the inner task as it is now (cancelled), not as it was (pending). An inner task
   * that refuses the cancel is waited for after all.
   */
  @Override
  public void run() {
    if (isDone() || !inner.removeWaiter(this)) {
      return; // cancelled, or the inner task finished in the meantime and taskDone runs
    }
    if (!inner.cancel()) {
      // Refused: a hand-off already decided (a channel item, a permit; see task.Handoff) that
      // would be lost if the time-out won now. Take its outcome when it arrives instead.
      inner.whenDone(this);
      return;
    }
    completeFailure(new TimeoutException("Task.orTimeout(" + timeout + "): the task did not"
        + " finish within " + timeout + ", so it was cancelled: " + inner));
  }

  @Override
  public String describeWait(long nowNanos) {
    return "Task.orTimeout(" + timeout + "), " + Waits.millisLeft(((Timer) timer).deadline(),
        nowNanos) + " ms left, of " + Waits.describe(inner, nowNanos);
  }

  @Override
  public boolean cancel() {
    boolean cancelled = super.cancel();
    if (cancelled) {
      timer.cancel();
      inner.cancel();
    }
    return cancelled;
  }
}
