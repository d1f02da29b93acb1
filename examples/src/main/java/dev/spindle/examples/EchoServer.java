package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The smallest Spindle server: sends back every byte it receives, on port 7879 by default, on
 * {@code --loops N} event loops (default: one per available processor). With one loop it runs
 * on the main thread; with several, each loop accepts and serves its own connections, and
 * SIGTERM stops accepting on every loop and exits 0 (the echoes in flight end with the loops).
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
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    if (options.loops() == 1) {
      EventLoop.run(() -> {
        AsyncTcpListener listener = AsyncTcpListener.bind(address);
        System.out.println("EchoServer listening on " + listener.localAddress()
            + " (pid " + ProcessHandle.current().pid() + ", 1 loop)");
        return acceptAll(listener);
      });
      return;
    }
    ShutdownSignal shutdown = ShutdownSignal.install(options.shutdownTimeout());
    try (EventLoopGroup group = EventLoopGroup.start(options.loops())) {
      AsyncTcpListener listener = AsyncTcpListener.bind(address, group);
      List<Task<Void>> accepting = group.submitToEach(() -> acceptAll(listener));
      System.out.println("EchoServer listening on " + listener.localAddress()
          + " (pid " + ProcessHandle.current().pid() + ", " + HelloServer.loops(group.size())
          + ")");
      shutdown.requested().whenDone(signal -> listener.close()); // every accept loop ends
      Task.all(accepting).join();
    }
    shutdown.serverStopped(0);
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
