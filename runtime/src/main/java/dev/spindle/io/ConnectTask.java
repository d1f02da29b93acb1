package dev.spindle.io;

import java.io.IOException;

/** A connect of an {@link AsyncTcpStream} waiting for the handshake to finish. */
final class ConnectTask extends IoTask<AsyncTcpStream> {
  private final AsyncTcpStream stream;

  ConnectTask(AsyncTcpStream stream) {
    super(stream.loop, stream.registration);
    this.stream = stream;
  }

  @Override
  boolean attempt() throws IOException {
    Faults.check(Faults.Operation.CONNECT, stream);
    if (!stream.channel.finishConnect()) {
      return false;
    }
    stream.connected();
    completeValue(stream);
    return true;
  }

  @Override
  void released() {
    stream.closeQuietly(); // a connect that failed or was cancelled leaves no socket open
  }

  @Override
  String operation() {
    return "connect to " + IoFailures.address(stream.remoteAddress());
  }

  @Override
  String describe() {
    return "AsyncTcpStream.connect() to " + stream;
  }
}
