package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.loop.IoWaiter;
import dev.spindle.loop.Registration;
import dev.spindle.task.WaitDescription;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/**
 * A socket operation that would have blocked and now waits on its channel's
 * {@link Registration}. The task is the waiter: one object per operation that has to wait.
 * Cancelling it (any thread) fails it at once and, on the loop, takes it off the registration.
 */
abstract class IoTask<T> extends Task<T> implements IoWaiter, WaitDescription {
  final EventLoop loop;
  final Registration registration;

  IoTask(EventLoop loop, Registration registration) {
    this.loop = loop;
    this.registration = registration;
  }

  @Override
  public final boolean retry() {
    if (isDone()) {
      return true; // cancelled from another thread, which posted the cleanup
    }
    try {
      if (!attempt()) {
        return false;
      }
    } catch (IOException failure) {
      fail(IoFailures.named(operation(), failure));
    } catch (RuntimeException failure) {
      fail(failure);
    }
    return true;
  }

  /** Fails the operation with {@code failure} (it could not wait); loop thread. */
  final void fail(Throwable failure) {
    released();
    completeFailure(failure);
  }

  /** Tries once more; true when finished (the task is completed), false on would-block. */
  abstract boolean attempt() throws IOException;

  /** Clears the owner's record of this pending operation; loop thread. */
  abstract void released();

  /** What {@link #cancel()} fails with. */
  abstract String describe();

  /** What a failure's message names: {@code "connect to 127.0.0.1:1"} (see IoFailures). */
  abstract String operation();

  @Override
  public String describeWait(long nowNanos) {
    return describe();
  }

  /** Fails the operation because its channel closed; loop thread. */
  void closed() {
    completeFailure(new ChannelClosedException(describe() + " was pending when the channel was"
        + " closed; the operation did not complete"));
  }

  @Override
  public boolean cancel() {
    if (!completeFailure(new CancellationException(describe() + " was cancelled"))) {
      return false;
    }
    if (loop.inLoop()) {
      forget();
    } else {
      try {
        loop.execute(this::forget);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the loop has stopped, and its selector with it: nothing left to deregister
      }
    }
    return true;
  }

  /**
   * Fails the operation with a {@link java.util.concurrent.TimeoutException} because it waited
   * {@code timeout} (a stream's read timeout) and takes it off the registration; loop thread.
   */
  void timedOut(java.time.Duration timeout) {
    String message = describe() + " waited " + timeout.toMillis() + " ms, the stream's read"
        + " timeout (setReadTimeout), without a byte arriving";
    if (completeFailure(new java.util.concurrent.TimeoutException(message))) {
      forget();
    }
  }

  private void forget() {
    released();
    registration.forget(this);
  }
}
