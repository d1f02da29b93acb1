package dev.spindle.sync;

import dev.spindle.Task;

/**
 * A lock whose {@link #lock()} suspends instead of blocking: a fair
 * {@link java.util.concurrent.locks.ReentrantLock} without the re-entrance and without an owner
 * thread, as Kotlin's {@code Mutex} or tokio's {@code Mutex}. Tasks on one loop need no lock for
 * plain fields; this one guards a sequence of awaits (a multi-step write to a shared stream) or
 * state shared between loops.
 *
 * <pre>{@code
 * await(mutex.lock());
 * try { ... } finally { mutex.unlock(); }
 * }</pre>
 *
 * <p>Not re-entrant: a holder that locks again waits for ever. FIFO, any thread and any loop,
 * and cancellation as for {@link AsyncSemaphore}: a cancelled waiter that was not yet given the
 * lock leaves no trace.
 */
public final class AsyncMutex {
  private final FairPermits permits = new FairPermits(1, 1);

  /** An unlocked mutex. */
  public AsyncMutex() {}

  /** Takes the lock: a finished task if it is free, else a task that finishes when it is yours. */
  public Task<Void> lock() {
    return permits.acquire();
  }

  /** Takes the lock if it is free now; never jumps ahead of waiting tasks. */
  public boolean tryLock() {
    return permits.tryAcquire();
  }

  /**
   * Releases the lock, to the first waiting task if any. Any thread (there is no owner thread).
   *
   * @throws IllegalStateException if the mutex is not locked
   */
  public void unlock() {
    if (!permits.release()) {
      throw new IllegalStateException("AsyncMutex.unlock() must be called on a locked mutex: "
          + this + " is not locked; unlock once per lock() or tryLock() that succeeded");
    }
  }

  /** Whether someone holds the lock now; a snapshot. */
  public boolean isLocked() {
    return permits.available() == 0;
  }

  @Override
  public String toString() {
    return "AsyncMutex[" + (isLocked() ? "locked, " + permits.waiting() + " waiting]"
        : "unlocked]");
  }
}
