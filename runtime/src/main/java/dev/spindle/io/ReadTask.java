package dev.spindle.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A read of an {@link AsyncTcpStream} waiting for the socket to become readable. */
final class ReadTask extends IoTask<Integer> {
  private final AsyncTcpStream stream;
  private final ByteBuffer buffer;

  ReadTask(AsyncTcpStream stream, ByteBuffer buffer) {
    super(stream.loop, stream.registration);
    this.stream = stream;
    this.buffer = buffer;
  }

  @Override
  boolean attempt() throws IOException {
    int count = stream.readNow(buffer);
    if (count == 0) {
      return false; // a spurious wake-up: keep waiting
    }
    released();
    completeValue(ReadResults.boxed(count));
    return true;
  }

  @Override
  void released() {
    stream.readDone(this);
  }

  @Override
  String operation() {
    return stream.operation("read from");
  }

  @Override
  String describe() {
    return "AsyncTcpStream.read() on " + stream;
  }
}
