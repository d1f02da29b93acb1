package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.examples.http.Request;
import dev.spindle.examples.http.ResponseWriter;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * The accepting side of {@link HelloServer}: accepts connections, starts an
 * {@link HttpConnection} for each, and on shutdown stops accepting and lets the connections in
 * flight finish within {@link ServerOptions#shutdownTimeout()}. Past
 * {@link ServerOptions#maxConnections()} open connections, a new one is answered {@code 503} and
 * closed ({@link OverCapacity}). A connection that fails ends alone: the others and the accept
 * loop go on, and the failure goes to {@link ServerHooks#failures()}. With
 * {@code --tls-keystore} every connection speaks TLS: {@link HttpConnection} runs the handshake
 * first, then the same HTTP code over the {@link dev.spindle.io.AsyncTlsStream}.
 *
 * <p>Like a {@link java.net.ServerSocket} accept loop that starts a thread per connection, but
 * every connection is a suspended method on the one event-loop thread. Loop thread only, except
 * {@link #localAddress()} and {@link #acceptedConnections()}.
 */
public final class HttpServer {
  private final ServerOptions options;
  private final Trace trace;
  private final ServerHooks hooks;
  private final AsyncTcpListener listener;
  private final InetSocketAddress localAddress;
  /** The server's TLS keys, or {@code null} for plain HTTP. */
  private final SSLContext tls;
  private final ResponseWriter writer = ResponseWriter.withSystemClock();
  /** Open connections; loop thread only. */
  private final Set<HttpConnection> open = new HashSet<>();
  private final BufferPool buffers = new BufferPool(HttpConnection.BUFFER_BYTES);
  private final OverCapacity overCapacity;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong turnedAway = new AtomicLong();
  /** Completed when the last connection closes during shutdown; loop thread only. */
  private Promise<Void> allClosed;

  private HttpServer(ServerOptions options, Trace trace, ServerHooks hooks, SSLContext tls,
      AsyncTcpListener listener) {
    this.tls = tls;
    this.options = options;
    this.trace = trace;
    this.hooks = hooks;
    this.overCapacity = new OverCapacity(trace);
    this.listener = listener;
    this.localAddress = (InetSocketAddress) listener.localAddress();
  }

  /**
   * Binds the listening socket.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code --tls-keystore} cannot be used
   */
  public static HttpServer bind(ServerOptions options, Trace trace, ServerHooks hooks) {
    SSLContext tls = options.tls()
        ? TlsKeyStore.serverContext(options.tlsKeyStore(), options.tlsPassword()) : null;
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    return new HttpServer(options, trace, hooks, tls, AsyncTcpListener.bind(address));
  }

  /** The address the server listens on, with the port chosen for {@code --port 0}. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** How many connections have been accepted so far, those turned away included. Any thread. */
  public long acceptedConnections() {
    return accepted.get();
  }

  /** How many connections were answered 503 for want of room. Any thread. */
  public long turnedAwayConnections() {
    return turnedAway.get();
  }

  /**
   * Serves until {@code stopRequested} finishes (or accepting fails), then stops accepting and
   * waits for the open connections, each answering the request in hand with
   * {@code Connection: close}; those still busy after the shutdown timeout are closed.
   */
  @Async
  public Task<Void> serve(Task<Void> stopRequested) {
    Task<Void> accepting = acceptAll();
    await(firstOf(stopRequested, accepting));
    listener.close(); // a pending incoming().next() ends with null, and so does the accept loop
    await(accepting); // throws if accepting failed
    trace.server("Shutdown: stopped accepting; " + open.size() + " connection(s) open");
    await(closeAll());
    trace.server("Shutdown: done");
    return Task.completed();
  }

  /**
   * Finishes when either task does, cancelling neither (unlike {@link Task#any}): on a stop the
   * accept loop is not cancelled but ends by itself when the listener closes.
   */
  private static Task<Void> firstOf(Task<?> first, Task<?> second) {
    Promise<Void> either = new Promise<>();
    first.whenDone(done -> either.complete(null));
    second.whenDone(done -> either.complete(null));
    return either.task();
  }

  @Async
  private Task<Void> acceptAll() {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream stream; (stream = await(incoming.next())) != null; ) {
      long id = accepted.incrementAndGet();
      if (open.size() >= options.maxConnections()) {
        turnedAway.incrementAndGet();
        if (tls == null) {
          overCapacity.turnAway(id, stream);
        } else {
          stream.close(); // a 503 would cost a handshake, the very work we have no room for
        }
        continue;
      }
      HttpConnection connection = new HttpConnection(id, stream, this, options, writer, trace);
      open.add(connection);
      connection.start();
    }
    return Task.completed();
  }

  @Async
  private Task<Void> closeAll() {
    if (open.isEmpty()) {
      return Task.completed();
    }
    allClosed = new Promise<>();
    for (HttpConnection connection : new ArrayList<>(open)) {
      connection.stopAfterCurrentRequest();
    }
    try {
      await(allClosed.task().orTimeout(options.shutdownTimeout()));
    } catch (Exception failure) {
      if (!(failure instanceof TimeoutException)) {
        throw failure;
      }
      System.err.println("HelloServer: " + open.size() + " connection(s) still busy after "
          + options.shutdownTimeout().toMillis() + " ms of shutdown; closing them");
      allClosed = new Promise<>();
      for (HttpConnection connection : new ArrayList<>(open)) {
        connection.abort();
      }
      await(allClosed.task());
    }
    return Task.completed();
  }

  void connectionClosed(HttpConnection connection) {
    open.remove(connection);
    if (allClosed != null && open.isEmpty()) {
      allClosed.complete(null);
    }
  }

  /** The handler {@link ServerHooks} installed for the request's path, or null. */
  Handler handlerFor(Request request) {
    Map<String, Handler> handlers = hooks.handlers();
    return handlers.isEmpty() ? null : handlers.get(request.path());
  }

  /** A connection ended by a failure that was not the client's doing; loop thread. */
  void connectionFailed(HandlerFailure report) {
    hooks.failures().accept(report);
  }

  /** The buffers connections take and give back; loop thread only. */
  BufferPool buffers() {
    return buffers;
  }

  /** The TLS keys connections handshake with, or {@code null} for plain HTTP. */
  SSLContext tls() {
    return tls;
  }

  Object peerOf(AsyncTcpStream stream) {
    return stream.remoteAddress();
  }
}
