package dev.spindle;

/**
 * A scheduled action of an event loop, from {@link EventLoop#runAfter}; like the
 * {@link java.util.concurrent.ScheduledFuture} of a {@code ScheduledExecutorService}, reduced to
 * what a timer needs.
 */
public interface TimerHandle {
  /**
   * Stops the action from running and removes the timer from its loop. Any thread; a call off
   * the loop thread is handed to the loop, which removes the timer on its next turn.
   *
   * @return true if this call stopped it; false if it already ran or was already cancelled
   */
  boolean cancel();
}
