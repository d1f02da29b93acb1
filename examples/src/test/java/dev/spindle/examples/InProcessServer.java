package dev.spindle.examples;

import dev.spindle.Promise;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HelloServer started in this JVM on a port of its own ({@code --port 0}), on a thread that
 * becomes its event loop; {@link #close()} stops it as a signal would and waits for the loop.
 */
final class InProcessServer implements AutoCloseable {
  private final Promise<Void> stop = new Promise<>();
  private final CompletableFuture<HttpServer> listening = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Thread thread;
  private final HttpServer server;

  private InProcessServer(ServerOptions options, ServerHooks hooks) throws Exception {
    thread = new Thread(() -> {
      try {
        HelloServer.run(options, hooks, stop.task(), listening::complete);
        stopped.complete(null);
      } catch (Throwable failure) {
        listening.completeExceptionally(failure);
        stopped.completeExceptionally(failure);
      }
    }, "hello-server-" + options.port());
    thread.setDaemon(true);
    thread.start();
    server = listening.get(10, TimeUnit.SECONDS);
  }

  /** Starts a server with the given options after {@code --port 0}. */
  static InProcessServer start(String... args) throws Exception {
    return start(ServerHooks.standard(), args);
  }

  /**
   * Starts a server with extra handlers and its own failure report; on one loop, the calling
   * thread of {@link HelloServer#run}, unless {@code args} say {@code --loops}.
   */
  static InProcessServer start(ServerHooks hooks, String... args) throws Exception {
    String[] all = new String[args.length + 4];
    all[0] = "--port";
    all[1] = "0";
    all[2] = "--loops";
    all[3] = "1";
    System.arraycopy(args, 0, all, 4, args.length);
    return new InProcessServer(ServerOptions.parse(all, HelloServer.DEFAULT_PORT), hooks);
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  int port() {
    return address().getPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** The thread that runs the server's event loop. */
  Thread loopThread() {
    return thread;
  }

  /** The server itself, for handlers a test installs; loop thread only, as it is. */
  HttpServer server() {
    return server;
  }

  long acceptedConnections() {
    return server.acceptedConnections();
  }

  long turnedAwayConnections() {
    return server.turnedAwayConnections();
  }

  /** Asks the server to stop, as SIGTERM does, without waiting. */
  void requestStop() {
    stop.complete(null);
  }

  /** Asks the server to stop and returns when its loop has ended (or throws its failure). */
  void stopAndWait(Duration bound) throws Exception {
    stop.complete(null);
    stopped.get(bound.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * {@link #stopAndWait} for 20 s. An interrupt while waiting is kept on the thread rather than
   * thrown: a close() that may throw InterruptedException is what javac's try lint warns of.
   */
  @Override
  public void close() throws ExecutionException, TimeoutException {
    stop.complete(null);
    try {
      stopped.get(20, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
