package dev.spindle.sync;

import dev.spindle.Task;
import dev.spindle.task.Handoff;

/**
 * A task that waits in the queue of a channel, semaphore or mutex (its owner) until the other
 * side hands it something: an item, a permit, the room for an item.
 *
 * <p>The hand-off is decided under the owner's lock ({@link #claim()}) and done after the lock is
 * released ({@link #handOver}), since finishing a task runs its waiters. A {@link #cancel()}
 * takes the owner's lock too: it wins only while the waiter is still queued, and then the waiter
 * leaves the queue with nothing taken; once claimed, the cancel is refused and the value is on
 * its way (see {@link Handoff}).
 */
abstract class Waiting<T> extends Task<T> implements Handoff {
  /** Guarded by the owner's lock: still queued, nothing decided. */
  private boolean queued = true;

  /** Under the owner's lock: reserves this waiter for a hand-off; false if it was withdrawn. */
  public final boolean claim() {
    if (!queued) {
      return false;
    }
    queued = false;
    return true;
  }

  /** After {@link #claim()}, outside the owner's lock: finishes the task with {@code value}. */
  final void handOver(T value) {
    completeValue(value);
  }

  /**
   * Removes this waiter from its owner's queue if it is still queued: takes the owner's lock and
   * calls {@link #claim()} and the queue's removal under it. False if it was claimed already.
   */
  abstract boolean withdraw();

  /**
   * Cancels the wait if nothing was handed to it yet: it leaves its queue and fails with
   * {@link java.util.concurrent.CancellationException}. False if it already finished, or if the
   * hand-off was decided and the value is on its way (the item or permit is then this task's).
   */
  @Override
  public final boolean cancel() {
    return withdraw() && super.cancel();
  }
}
