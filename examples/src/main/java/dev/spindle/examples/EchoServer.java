package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.io.IOException;
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

  /** Accepts forever, one echoing task per connection, sharing one pool of buffers. */
  @Async
  static Task<Void> acceptAll(AsyncTcpListener listener) {
    BufferPool buffers = new BufferPool(BUFFER_BYTES);
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream connection; (connection = await(incoming.next())) != null; ) {
      EventLoop.spawn(echo(connection, buffers));
    }
    return Task.completed();
  }

  static final int BUFFER_BYTES = 8192;

  /**
   * Sends back what arrives until the client closes its side. Waits on {@link
   * AsyncTcpStream#readable()} holding no buffer, and holds one from {@code buffers} only from
   * the moment bytes arrive until they have been sent back: an idle connection costs no buffer.
   */
  @Async
  static Task<Void> echo(AsyncTcpStream connection, BufferPool buffers) {
    try {
      while (true) {
        await(connection.readable());
        ByteBuffer buffer = buffers.takeInput().clear();
        int count;
        try {
          count = connection.tryRead(buffer);
        } catch (IOException reset) {
          break; // the peer reset the connection: nothing more to echo
        }
        if (count <= 0) {
          buffers.give(buffer, null);
          if (count < 0) {
            break;
          }
          continue; // a spurious wake-up: wait again, holding nothing
        }
        buffer.flip();
        await(connection.write(buffer)); // a failed write may still hold it: not given back
        await(connection.flush());
        buffers.give(buffer, null);
      }
    } finally {
      await(connection.close());
    }
    return Task.completed();
  }
}
