package dev.spindle.sync;

import dev.spindle.Task;

/**
 * A counting semaphore whose {@link #acquire()} suspends instead of blocking: a
 * {@link java.util.concurrent.Semaphore} in fair mode, as Kotlin's {@code Semaphore} or tokio's
 * {@code Semaphore}, for limiting how many tasks do something at once.
 *
 * <pre>{@code
 * await(permits.acquire());
 * try { ... } finally { permits.release(); }
 * }</pre>
 *
 * <p>FIFO: a released permit goes to the task that has waited longest, never to a newcomer. Any
 * thread and any loop; a suspended {@code @Async} call resumes on its own loop. A waiting
 * {@code acquire()} whose {@code cancel()} returns true took no permit; once a permit is handed to
 * it, its {@code cancel()} returns false and the permit is the task's (an {@code @Async} call
 * cancelled at that moment still gets it at its {@code await}, so its {@code finally} releases
 * it). No lock is held while a waiter is resumed.
 */
public final class AsyncSemaphore {
  private final FairPermits permits;

  /**
   * A semaphore with {@code permits} permits at first.
   *
   * @throws IllegalArgumentException if {@code permits} is negative
   */
  public AsyncSemaphore(int permits) {
    if (permits < 0) {
      throw new IllegalArgumentException("new AsyncSemaphore(permits) must be given 0 or more"
          + " permits: " + permits);
    }
    this.permits = new FairPermits(permits, Integer.MAX_VALUE);
  }

  /** Takes a permit: a finished task if one is free, else a task that finishes when one is. */
  public Task<Void> acquire() {
    return permits.acquire();
  }

  /** Takes a permit if one is free now; never jumps ahead of waiting tasks. */
  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  /**
   * Gives a permit back, to the first waiting task if any. Any thread.
   *
   * @throws IllegalStateException if the count would pass {@link Integer#MAX_VALUE}
   */
  public void release() {
    if (!permits.release()) {
      throw new IllegalStateException("AsyncSemaphore.release() must not raise the permits past "
          + Integer.MAX_VALUE + ": " + this + "; release only permits you acquired");
    }
  }

  /** The free permits now; a snapshot (zero while tasks wait). */
  public int availablePermits() {
    return permits.available();
  }

  @Override
  public String toString() {
    return "AsyncSemaphore[" + permits.available() + " free, " + permits.waiting() + " waiting]";
  }
}
