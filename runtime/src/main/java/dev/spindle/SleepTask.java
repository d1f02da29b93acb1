package dev.spindle;

import dev.spindle.task.WaitDescription;
import dev.spindle.timer.Timer;
import java.time.Duration;

/** {@link EventLoop#sleep}: finishes when its timer fires; cancelling removes the timer. */
final class SleepTask extends Task<Void> implements Runnable, WaitDescription {
  /** Written once on the loop thread, before the task is handed out. */
  private TimerHandle timer;

  static Task<Void> start(EventLoop loop, Duration delay) {
    SleepTask task = new SleepTask();
    task.timer = loop.runAfter(delay, task);
    return task;
  }

  @Override
  public void run() {
    completeValue(null);
  }

  @Override
  public String describeWait(long nowNanos) {
    return "EventLoop.sleep(): " + Waits.millisLeft(((Timer) timer).deadline(), nowNanos)
        + " ms left";
  }

  @Override
  public boolean cancel() {
    boolean cancelled = super.cancel();
    if (cancelled) {
      timer.cancel();
    }
    return cancelled;
  }
}
