package dev.spindle.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/** The rest of a write of an {@link AsyncTcpStream}, waiting for room in the socket buffer. */
final class WriteTask extends IoTask<Void> {
  private final AsyncTcpStream stream;
  private final ByteBuffer buffer;

  WriteTask(AsyncTcpStream stream, ByteBuffer buffer) {
    super(stream.loop, stream.registration);
    this.stream = stream;
    this.buffer = buffer;
  }

  @Override
  boolean attempt() throws IOException {
    if (!stream.writeNow(buffer)) {
      return false;
    }
    released();
    completeValue(null);
    return true;
  }

  @Override
  void released() {
    stream.writeDone(this);
  }

  @Override
  String operation() {
    return stream.operation("write to");
  }

  @Override
  String describe() {
    return "AsyncTcpStream.write() on " + stream;
  }
}
