package dev.spindle.loop;

/**
 * An I/O operation parked on a {@link Registration} until its channel may be ready. The reactor
 * calls {@link #retry()} on the loop thread when the selector reports readiness; readiness is a
 * hint (wake-ups may be spurious), so the operation simply tries again.
 */
@FunctionalInterface
public interface IoWaiter {
  /**
   * Tries the operation again. Loop thread only.
   *
   * @return true if it finished (with a value or a failure) and no longer waits; false to keep
   *     waiting
   */
  boolean retry();
}
