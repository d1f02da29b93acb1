package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The smallest Spindle server: sends back every byte it receives, on port 7879 by default.
 *
 * <pre>
 *   java -javaagent:agent/target/spindle-agent.jar -cp ... dev.spindle.examples.EchoServer
 *   nc localhost 7879
 * </pre>
 */
public final class EchoServer {
  public static final int DEFAULT_PORT = 7879;

  private EchoServer() {}

  public static void main(String[] args) {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args, DEFAULT_PORT);
    } catch (IllegalArgumentException badArguments) {
      System.err.println("EchoServer: " + badArguments.getMessage());
      System.exit(2);
      return;
    }
    EventLoop.run(() -> {
      AsyncTcpListener listener =
          AsyncTcpListener.bind(new InetSocketAddress(options.host(), options.port()));
      System.out.println("EchoServer listening on " + listener.localAddress()
          + " (pid " + ProcessHandle.current().pid() + ")");
      return acceptAll(listener);
    });
  }

  /** Accepts forever, one echoing task per connection. */
  @Async
  static Task<Void> acceptAll(AsyncTcpListener listener) {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream connection; (connection = await(incoming.next())) != null; ) {
      EventLoop.spawn(echo(connection));
    }
    return Task.completed();
  }

  /** Sends back what arrives until the client closes its side. */
  @Async
  static Task<Void> echo(AsyncTcpStream connection) {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    try {
      while (await(connection.read(buffer)) >= 0) {
        buffer.flip();
        await(connection.write(buffer));
        await(connection.flush());
        buffer.clear();
      }
    } finally {
      await(connection.close());
    }
    return Task.completed();
  }
}
