package sample;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP server on 127.0.0.1 (port from the first argument, 0 for any): answers every
 * request with "hello from a woven server". Built with spindle-maven-plugin, run with no agent:
 *
 * <pre>
 *   java -cp target/classes:spindle-runtime.jar sample.HelloServer 8080 &amp;
 *   curl http://127.0.0.1:8080/
 * </pre>
 */
public final class HelloServer {
  static final String BODY = "hello from a woven server\n";

  private HelloServer() {}

  public static void main(String[] arguments) {
    int port = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 8080;
    EventLoop.run(() -> {
      AsyncTcpListener listener =
          AsyncTcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      System.out.println("listening on " + ((InetSocketAddress) listener.localAddress()).getPort());
      System.out.flush();
      return acceptAll(listener);
    });
  }

  @Async
  static Task<Void> acceptAll(AsyncTcpListener listener) {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream connection; (connection = await(incoming.next())) != null; ) {
      EventLoop.spawn(answer(connection));
    }
    return Task.completed();
  }

  /** Reads the request head, answers, closes. */
  @Async
  static Task<Void> answer(AsyncTcpStream connection) {
    ByteBuffer request = ByteBuffer.allocate(8192);
    while (!headEnded(request) && await(connection.read(request)) >= 0) {
      // until the blank line that ends the request head, or the client closes
    }
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n";
    await(connection.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII))));
    await(connection.write(ByteBuffer.wrap(body)));
    await(connection.flush());
    await(connection.close());
    return Task.completed();
  }

  private static boolean headEnded(ByteBuffer request) {
    String text = new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII);
    return text.contains("\r\n\r\n") || !request.hasRemaining();
  }
}
