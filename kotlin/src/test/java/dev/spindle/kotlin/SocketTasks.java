package dev.spindle.kotlin;

import static dev.spindle.Await.await;
import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/** {@code @Async} Java methods on real sockets, awaited by the Kotlin tests. */
final class SocketTasks {
  private SocketTasks() {}

  /**
   * Accepts one connection, reads one message, answers {@code "echo: " + message}, closes.
   * The task's value is the message it read.
   */
  @Async
  static Task<String> echoOnce(AsyncTcpListener listener) {
    AsyncTcpStream connection = await(listener.accept());
    try {
      String message = await(readSome(connection));
      await(connection.write(ByteBuffer.wrap(("echo: " + message).getBytes(US_ASCII))));
      await(connection.flush());
      return Task.completed(message);
    } finally {
      await(connection.close());
    }
  }

  /** Connects to {@code address}, sends {@code message}, reads the whole answer. */
  @Async
  static Task<String> ask(SocketAddress address, String message) {
    AsyncTcpStream connection = await(AsyncTcpStream.connect(address));
    try {
      await(connection.write(ByteBuffer.wrap(message.getBytes(US_ASCII))));
      await(connection.flush());
      StringBuilder answer = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(64);
      while (await(connection.read(buffer.clear())) > 0) {
        answer.append(new String(buffer.array(), 0, buffer.position(), US_ASCII));
      }
      return Task.completed(answer.toString());
    } finally {
      await(connection.close());
    }
  }

  /** Reads one message from {@code connection}; notes in {@code events} when it leaves. */
  @Async
  static Task<String> readOne(AsyncTcpStream connection, List<String> events) {
    try {
      return Task.completed(await(readSome(connection)));
    } finally {
      events.add("java finally");
    }
  }

  /** Reads what one read gives, as ASCII; empty at end of stream. */
  @Async
  static Task<String> readSome(AsyncTcpStream connection) {
    ByteBuffer buffer = ByteBuffer.allocate(64);
    int count = await(connection.read(buffer));
    return Task.completed(count < 0 ? "" : new String(buffer.array(), 0, count, US_ASCII));
  }
}
