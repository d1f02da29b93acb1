package dev.spindle.io;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/** An accept of an {@link AsyncTcpListener} waiting for a connection. */
final class AcceptTask extends IoTask<AsyncTcpStream> {
  private final AsyncTcpListener listener;
  /** For {@link AsyncTcpListener#incoming()}: a close ends the sequence with null, not a failure. */
  private final boolean nullWhenClosed;

  AcceptTask(AsyncTcpListener listener, boolean nullWhenClosed) {
    super(listener.loop, listener.registration);
    this.listener = listener;
    this.nullWhenClosed = nullWhenClosed;
  }

  @Override
  boolean attempt() throws IOException {
    SocketChannel accepted;
    try {
      accepted = listener.acceptNow();
    } catch (IOException failure) {
      if (listener.pauseIfExhausted(failure)) {
        return false; // out of descriptors for now: waits for the listener's resume
      }
      throw failure;
    }
    if (accepted == null) {
      return false; // another accept won the connection, or a spurious wake-up
    }
    released();
    completeValue(AsyncTcpStream.accepted(accepted, loop));
    return true;
  }

  @Override
  void closed() {
    if (nullWhenClosed) {
      completeValue(null);
    } else {
      super.closed();
    }
  }

  @Override
  void released() {
    listener.acceptDone(this);
  }

  @Override
  String operation() {
    return listener.operation();
  }

  @Override
  String describe() {
    return "AsyncTcpListener.accept() on " + listener;
  }
}
