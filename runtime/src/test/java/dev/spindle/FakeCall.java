package dev.spindle;

import java.util.concurrent.CancellationException;

/**
 * Stands in, without the agent, for a suspended {@code @Async} call that awaits one task inside a
 * {@code try/finally}: a cancel cancels what it awaits, the "finally" block runs when the await
 * ends, and the call ends with the awaited outcome (or with what its finally throws). A stubborn
 * call instead ignores the cancel and ends only when its task does.
 */
final class FakeCall<T> extends Task<T> implements Waiter {
  private final Task<T> awaited;
  private final Runnable finallyBlock;
  private final boolean stubborn;
  /** Any thread; set by cancel(). */
  volatile boolean cancelSeen;

  private FakeCall(Task<T> awaited, Runnable finallyBlock, boolean stubborn) {
    this.awaited = awaited;
    this.finallyBlock = finallyBlock;
    this.stubborn = stubborn;
    awaited.whenDone(this);
  }

  /** A call that awaits {@code awaited} in a try block whose finally runs {@code finallyBlock}. */
  static <T> FakeCall<T> awaiting(Task<T> awaited, Runnable finallyBlock) {
    return new FakeCall<>(awaited, finallyBlock, false);
  }

  /** A call that catches its cancellation and goes on waiting for {@code awaited}. */
  static <T> FakeCall<T> ignoringCancel(Task<T> awaited, Runnable finallyBlock) {
    return new FakeCall<>(awaited, finallyBlock, true);
  }

  @Override
  public void taskDone(Task<?> task) {
    try {
      finallyBlock.run();
    } catch (Throwable thrownByFinally) {
      completeFailure(thrownByFinally);
      return;
    }
    completeFrom(awaited);
  }

  @Override
  public boolean cancel() {
    if (isDone()) {
      return false;
    }
    cancelSeen = true;
    if (!stubborn) {
      awaited.cancel();
    }
    return true;
  }

  static boolean isCancellation(Throwable error) {
    return error instanceof CancellationException;
  }
}
