package dev.spindle.kotlin.example;

import static dev.spindle.Await.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpStream;
import java.nio.ByteBuffer;

/**
 * The Java handler of the mixed greeting server ({@code MixedHandlers.kt}): an {@code @Async}
 * method that reads like blocking socket code, served by the same event loop as the Kotlin
 * handler beside it.
 *
 * <p>The protocol, the same for both handlers: the client sends a name and ends its side of the
 * connection ({@code Socket.shutdownOutput()}, or {@code printf Ada | nc -N host port}); the
 * handler answers {@code "Hello, Ada, from Java on <thread>\n"} and closes.
 */
public final class JavaGreeter {
  /** The longest name a client may send. */
  public static final int MAX_NAME_BYTES = 256;

  private JavaGreeter() {}

  /** Serves one connection; the task finishes once the connection is closed. */
  @Async
  public static Task<Void> greet(AsyncTcpStream connection) {
    try {
      ByteBuffer request = ByteBuffer.allocate(MAX_NAME_BYTES);
      int count;
      do {
        count = await(connection.read(request)); // suspends, freeing the loop, until bytes come
      } while (count > 0); // -1: the client ended its side; 0: the buffer is full
      String name = new String(request.array(), 0, request.position(), UTF_8).strip();
      String answer =
          "Hello, " + name + ", from Java on " + Thread.currentThread().getName() + "\n";
      await(connection.write(ByteBuffer.wrap(answer.getBytes(UTF_8))));
      await(connection.flush());
      return Task.completed();
    } finally {
      await(connection.close());
    }
  }
}
