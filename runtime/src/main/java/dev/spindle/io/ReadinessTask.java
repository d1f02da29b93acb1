package dev.spindle.io;

import dev.spindle.loop.Interest;

/**
 * A {@link AsyncTcpStream#readable()} or {@link AsyncTcpStream#writable()} waiting for the
 * selector: it holds no buffer, only the stream, so an idle connection that waits this way keeps
 * no bytes of its own. Readiness is a hint, as tokio's {@code readable()}: the read or write that
 * follows may still find nothing to do, and the caller then waits again.
 */
final class ReadinessTask extends IoTask<Void> {
  private final AsyncTcpStream stream;
  private final Interest interest;

  ReadinessTask(AsyncTcpStream stream, Interest interest) {
    super(stream.loop, stream.registration);
    this.stream = stream;
    this.interest = interest;
  }

  @Override
  boolean attempt() {
    released();
    completeValue(null);
    return true;
  }

  @Override
  void released() {
    if (interest == Interest.READ) {
      stream.readDone(this);
    } else {
      stream.writableDone(this);
    }
  }

  @Override
  String operation() {
    return stream.operation(interest == Interest.READ ? "readable() of" : "writable() of");
  }

  @Override
  String describe() {
    return "AsyncTcpStream." + (interest == Interest.READ ? "readable()" : "writable()") + " on "
        + stream;
  }
}
