package dev.spindle.examples;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.IoTrace;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The example HTTP/1.1 server: {@code GET /} answers {@code Hello, world!}, {@code POST /echo}
 * echoes the body, on port 7878 by default, on one event loop per available processor
 * ({@code --loops N}; {@code --loops 1}: the single-thread server, on the main thread).
 *
 * <pre>
 *   java -jar examples/target/spindle-examples.jar [--port 7878] [--host 127.0.0.1]
 *        [--idle-timeout 30s] [--shutdown-timeout 10s] [--max-connections 10000]
 *        [--max-body 1m] [--trace] [--loops N] [--tls-keystore FILE.p12 --tls-password PW]
 *   curl -v localhost:7878
 *   curl --cacert cert.pem https://localhost:7878/     (with --tls-keystore; see make-keystore.sh)
 * </pre>
 *
 * It prints one line when it listens, then errors only; {@code --trace} prints the life of every
 * connection. Ctrl-C or SIGTERM stops accepting, lets requests in flight finish, and exits 0.
 * The requests themselves are handled by {@link HttpConnection}.
 */
public final class HelloServer {
  public static final int DEFAULT_PORT = 7878;

  private HelloServer() {}

  public static void main(String[] args) {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args, DEFAULT_PORT);
    } catch (IllegalArgumentException badArguments) {
      System.err.println("HelloServer: " + badArguments.getMessage());
      System.exit(2);
      return;
    }
    ShutdownSignal shutdown = ShutdownSignal.install("HelloServer", options.shutdownTimeout());
    int status = 0;
    try {
      run(options, shutdown.requested(), server -> System.out.println("HelloServer listening on "
          + url(server.localAddress(), options.tls()) + " (pid " + ProcessHandle.current().pid()
          + ", " + loops(options.loops()) + ")"));
    } catch (IllegalArgumentException badKeyStore) { // --tls-keystore: names file and fix
      System.err.println("HelloServer: " + badKeyStore.getMessage());
      status = 2;
    } catch (UncheckedIOException cannotListen) {
      // the cause names the address: "java.net.BindException: bind to 127.0.0.1:7878: ..."
      System.err.println("HelloServer: cannot listen: " + cannotListen.getCause()
          + "; choose another --port (0 picks a free one)");
      status = 1;
    } catch (Throwable failure) {
      System.err.println("HelloServer: stopped by a failure: " + failure);
      failure.printStackTrace();
      status = 1;
    }
    shutdown.serverStopped(status);
  }

  /**
   * Runs the server until {@code stopRequested} finishes and the connections in flight have
   * closed: with {@code --loops 1} on the calling thread, which becomes its event loop; with
   * more, on a group of loops ({@link LoopServers}) while the calling thread waits.
   *
   * @param onListening told once the server listens (on the loop thread with one loop; with
   *     several, on the calling thread, given the first loop's server, whose counters are all
   *     loops')
   */
  public static void run(ServerOptions options, Task<Void> stopRequested,
      Consumer<HttpServer> onListening) {
    run(options, ServerHooks.standard(), stopRequested, onListening);
  }

  /** {@link #run(ServerOptions, Task, Consumer)} with extra handlers and a failure report. */
  public static void run(ServerOptions options, ServerHooks hooks, Task<Void> stopRequested,
      Consumer<HttpServer> onListening) {
    // Straight to stderr: the default goes through java.util.logging, which a JVM that is
    // shutting down (SIGTERM) has already silenced.
    EventLoop.setUncaughtFailureHandler((task, failure) -> {
      System.err.println("HelloServer: unexpected failure" + (task == null ? "" : " of " + task)
          + ": " + failure);
      failure.printStackTrace();
    });
    Trace trace = options.trace() ? Trace.to(System.out) : Trace.off();
    if (options.trace()) {
      IoTrace.install(trace::runtime);
    }
    if (options.loops() > 1) {
      LoopServers.run(options, hooks, trace, stopRequested, onListening);
      return;
    }
    EventLoop.run(() -> {
      HttpServer server = HttpServer.bind(options, trace, hooks);
      onListening.accept(server);
      return server.serve(stopRequested);
    });
  }

  /** "1 loop", "2 loops": for the startup lines. */
  static String loops(int count) {
    return count + (count == 1 ? " loop" : " loops");
  }

  static String url(InetSocketAddress address, boolean tls) {
    String host = address.getAddress().getHostAddress();
    return (tls ? "https://" : "http://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":"
        + address.getPort() + "/";
  }
}
