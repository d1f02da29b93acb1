package sample;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An @Async echo over a real 127.0.0.1 socket: one server and one client on one event loop. */
public final class Echo {
  private Echo() {}

  /** Sends {@code message} to an echo server on the loopback address; returns what came back. */
  public static String roundTrip(String message) {
    return EventLoop.run(() -> {
      AsyncTcpListener listener =
          AsyncTcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      EventLoop.spawn(serveOne(listener));
      return client(listener.localAddress(), message);
    });
  }

  /** Accepts one connection and sends back every byte until the client closes its side. */
  @Async
  public static Task<Void> serveOne(AsyncTcpListener listener) {
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

  /** Connects, sends {@code message}, closes its side and reads everything echoed. */
  @Async
  public static Task<String> client(SocketAddress server, String message) {
    AsyncTcpStream stream = await(AsyncTcpStream.connect(server));
    await(stream.write(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8))));
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
}
