package dev.spindle.io;

import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Shared pieces of the socket tests: 127.0.0.1 addresses and an echo handler. */
final class Loopback {
  private Loopback() {}

  /** 127.0.0.1, any free port. */
  static InetSocketAddress anyPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** Echoes everything it reads until end of stream, then closes. */
  static Task<Void> echo(AsyncByteStream conn, int chunkSize) {
    ByteBuffer buffer = ByteBuffer.allocate(chunkSize);
    return Steps.then(Steps.repeat(() -> Steps.then(conn.read(buffer), count -> {
      if (count < 0) {
        return Task.completed(false);
      }
      buffer.flip();
      return Steps.then(conn.write(buffer), written -> {
        buffer.clear();
        return Task.completed(true);
      });
    })), finished -> conn.close());
  }

  /** Reads until {@code buffer} is full or end of stream; the number of bytes read. */
  static Task<Integer> readFully(AsyncByteStream conn, ByteBuffer buffer) {
    return Steps.then(Steps.repeat(() -> {
      if (!buffer.hasRemaining()) {
        return Task.completed(false);
      }
      return Steps.then(conn.read(buffer), count -> Task.completed(count >= 0));
    }), done -> Task.completed(buffer.position()));
  }

  static ByteBuffer ascii(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  static String ascii(ByteBuffer buffer, int length) {
    return new String(buffer.array(), 0, length, StandardCharsets.US_ASCII);
  }
}
