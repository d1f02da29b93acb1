package dev.spindle;

import dev.spindle.task.WaitDescription;

/** Helpers of the tasks of this package that describe what they wait for (EventLoop.dump()). */
final class Waits {
  private Waits() {}

  /** Whole milliseconds from {@code nowNanos} to {@code deadline}, rounded up, never negative. */
  static long millisLeft(long deadline, long nowNanos) {
    long nanos = Math.max(0, deadline - nowNanos);
    return (nanos + 999_999) / 1_000_000;
  }

  static String describe(Task<?> task, long nowNanos) {
    return task instanceof WaitDescription ? ((WaitDescription) task).describeWait(nowNanos)
        : task.toString();
  }
}
