package dev.spindle.io;

import dev.spindle.Task;
import dev.spindle.task.WaitDescription;

/**
 * An operation of an {@link AsyncTlsStream} that has to wait (for the peer's bytes, for the
 * socket buffer, for the handshake): made only once the operation could not finish at once, so
 * that a read of bytes already decrypted, or a write the socket takes whole, allocates no task.
 * Cancelling it (any thread) tells the stream on its loop, which stops working for it.
 */
final class TlsPending<T> extends Task<T> implements WaitDescription {
  private final AsyncTlsStream stream;
  private final String operation;

  TlsPending(AsyncTlsStream stream, String operation) {
    this.stream = stream;
    this.operation = operation;
  }

  boolean succeed(T value) {
    return completeValue(value);
  }

  boolean fail(Throwable failure) {
    return completeFailure(failure);
  }

  @Override
  public boolean cancel() {
    if (!super.cancel()) {
      return false;
    }
    stream.cancelled();
    return true;
  }

  @Override
  public String describeWait(long nowNanos) {
    return "AsyncTlsStream." + operation + " on " + stream;
  }
}
