package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncByteStream;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.io.AsyncTlsStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;

/**
 * The smallest Spindle server: sends back every byte it receives, on port 7879 by default; with
 * {@code --tls-keystore FILE --tls-password PW}, over TLS.
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
    EventLoop.run(() -> {
      AsyncTcpListener listener =
          AsyncTcpListener.bind(new InetSocketAddress(options.host(), options.port()));
      System.out.println("EchoServer listening on " + listener.localAddress()
          + (tls == null ? "" : " (TLS)") + " (pid " + ProcessHandle.current().pid() + ")");
      return acceptAll(listener, tls);
    });
  }

  /** Accepts forever, one echoing task per connection. */
  static Task<Void> acceptAll(AsyncTcpListener listener) {
    return acceptAll(listener, null);
  }

  /** Accepts forever, one echoing task per connection, over TLS unless {@code tls} is null. */
  @Async
  static Task<Void> acceptAll(AsyncTcpListener listener, SSLContext tls) {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream connection; (connection = await(incoming.next())) != null; ) {
      EventLoop.spawn(tls == null ? echo(connection) : secureEcho(connection, tls));
    }
    return Task.completed();
  }

  /** The handshake, then {@link #echo}; a failed handshake ends only its connection. */
  @Async
  static Task<Void> secureEcho(AsyncTcpStream connection, SSLContext tls) {
    AsyncTlsStream secured;
    try {
      secured = await(AsyncTlsStream.server(connection, tls));
    } catch (Exception failure) {
      System.err.println("EchoServer: TLS handshake with " + connection.remoteAddress()
          + " failed: " + failure.getMessage());
      await(connection.close());
      return Task.completed();
    }
    await(echo(secured));
    return Task.completed();
  }

  /** Sends back what arrives until the client closes its side. */
  @Async
  static Task<Void> echo(AsyncByteStream connection) {
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
