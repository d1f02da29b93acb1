package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import dev.spindle.io.AsyncByteStream;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.io.AsyncTlsStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The smallest Spindle server: sends back every byte it receives, on port 7879 by default, on
 * {@code --loops N} event loops (default: one per available processor); with
 * {@code --tls-keystore FILE --tls-password PW}, over TLS. With one loop it runs on the main
 * thread; with several, each loop accepts and serves its own connections, and SIGTERM stops
 * accepting on every loop and exits 0 (the echoes in flight end with the loops).
 *
 * <pre>
 *   java -javaagent:agent/target/spindle-agent.jar -cp ... dev.spindle.examples.EchoServer
 *   nc localhost 7879
 *   openssl s_client -connect localhost:7879 -CAfile cert.pem     (with --tls-keystore)
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
    SSLContext tls;
    try {
      tls = options.tls()
          ? TlsKeyStore.serverContext(options.tlsKeyStore(), options.tlsPassword()) : null;
    } catch (IllegalArgumentException badKeyStore) {
      System.err.println("EchoServer: " + badKeyStore.getMessage());
      System.exit(2);
      return;
    }
    String secured = tls == null ? "" : " (TLS)";
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    if (options.loops() == 1) {
      EventLoop.run(() -> {
        AsyncTcpListener listener = AsyncTcpListener.bind(address);
        System.out.println("EchoServer listening on " + listener.localAddress() + secured
            + " (pid " + ProcessHandle.current().pid() + ", 1 loop)");
        return acceptAll(listener, tls);
      });
      return;
    }
    ShutdownSignal shutdown = ShutdownSignal.install("EchoServer", options.shutdownTimeout());
    try (EventLoopGroup group = EventLoopGroup.start(options.loops())) {
      AsyncTcpListener listener = AsyncTcpListener.bind(address, group);
      List<Task<Void>> accepting = group.submitToEach(() -> acceptAll(listener, tls));
      System.out.println("EchoServer listening on " + listener.localAddress() + secured
          + " (pid " + ProcessHandle.current().pid() + ", " + HelloServer.loops(group.size())
          + ")");
      shutdown.requested().whenDone(signal -> listener.close()); // every accept loop ends
      Task.all(accepting).join();
    }
    shutdown.serverStopped(0);
  }

  /** Accepts forever, one echoing task per connection. */
  static Task<Void> acceptAll(AsyncTcpListener listener) {
    return acceptAll(listener, null);
  }

  /**
   * Accepts forever, one echoing task per connection, over TLS unless {@code tls} is null, all
   * sharing one pool of buffers.
   */
  @Async
  static Task<Void> acceptAll(AsyncTcpListener listener, SSLContext tls) {
    BufferPool buffers = new BufferPool(BUFFER_BYTES);
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream connection; (connection = await(incoming.next())) != null; ) {
      EventLoop.spawn(
          tls == null ? echo(connection, buffers) : secureEcho(connection, tls, buffers));
    }
    return Task.completed();
  }

  static final int BUFFER_BYTES = 8192;

  /** The handshake, then {@link #echo}; a failed handshake ends only its connection. */
  @Async
  static Task<Void> secureEcho(AsyncTcpStream connection, SSLContext tls, BufferPool buffers) {
    AsyncTlsStream secured;
    try {
      secured = await(AsyncTlsStream.server(connection, tls));
    } catch (Exception failure) {
      System.err.println("EchoServer: TLS handshake with " + connection.remoteAddress()
          + " failed: " + failure.getMessage());
      await(connection.close());
      return Task.completed();
    }
    await(echo(secured, buffers));
    return Task.completed();
  }

  /**
   * Sends back what arrives until the client closes its side. Waits on {@link
   * AsyncByteStream#readable()} holding no buffer, and holds one from {@code buffers} only from
   * the moment bytes arrive until they have been sent back: an idle connection costs no buffer.
   */
  @Async
  static Task<Void> echo(AsyncByteStream connection, BufferPool buffers) {
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
