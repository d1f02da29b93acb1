package dev.spindle;

/**
 * The time source of an event loop's timers, in nanoseconds from an arbitrary origin, like
 * {@link System#nanoTime()} (which {@link #system()} is). Tests use {@link ManualClock}.
 * Implementations must be thread-safe: {@code runAfter} reads the clock on the calling thread.
 */
@FunctionalInterface
public interface Clock {
  /** The current time in nanoseconds; only differences between two readings mean anything. */
  long nanoTime();

  /** {@link System#nanoTime()}. */
  static Clock system() {
    return System::nanoTime;
  }
}
