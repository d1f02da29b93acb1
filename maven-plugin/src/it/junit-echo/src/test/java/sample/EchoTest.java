package sample;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.junit.AsyncTests;
import dev.spindle.junit.SpindleTest;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's test shape: @Async methods in the test class itself, spindle-junit alone. */
@SpindleTest
class EchoTest {
  @Test
  void echoes() {
    assertEquals("hi from a test", AsyncTests.run(() -> roundTrip("hi from a test")));
  }

  /** Starts a one-connection echo server on 127.0.0.1, sends {@code text}, reads it back. */
  @Async
  static Task<String> roundTrip(String text) {
    AsyncTcpListener listener =
        AsyncTcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    EventLoop.spawn(serveOne(listener));
    AsyncTcpStream stream = await(AsyncTcpStream.connect(listener.localAddress()));
    await(stream.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    await(stream.flush());
    await(stream.shutdownOutput());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    while (await(stream.read(buffer)) >= 0) {
      received.write(buffer.array(), 0, buffer.position());
      buffer.clear();
    }
    await(stream.close());
    return Task.completed(received.toString(StandardCharsets.UTF_8));
  }

  /** Accepts one connection and sends back every byte until the client closes its side. */
  @Async
  static Task<Void> serveOne(AsyncTcpListener listener) {
    AsyncTcpStream connection = await(listener.accept());
    ByteBuffer buffer = ByteBuffer.allocate(1024);
    while (await(connection.read(buffer)) >= 0) {
      buffer.flip();
      await(connection.write(buffer));
      await(connection.flush());
      buffer.clear();
    }
    await(connection.close());
    listener.close();
    return Task.completed();
  }
}
