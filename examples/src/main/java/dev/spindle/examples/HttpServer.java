package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.LoopLocal;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.examples.http.Request;
import dev.spindle.examples.http.RequestParser;
import dev.spindle.examples.http.ResponseWriter;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
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
 * {@link #localAddress()} and {@link #acceptedConnections()}. With {@code --loops N} there is
 * one per loop, all on one listener ({@link LoopServers}), sharing only their counters.
 */
public final class HttpServer {
  /** Each loop's own buffers: connections of one loop never share them with another's. */
  private static final LoopLocal<BufferPool> BUFFERS =
      LoopLocal.withInitial(() -> new BufferPool(HttpConnection.BUFFER_BYTES));

  private final ServerOptions options;
  private final Trace trace;
  private final ServerHooks hooks;
  private final AsyncTcpListener listener;
  private final InetSocketAddress localAddress;
  /** The server's TLS keys, or {@code null} for plain HTTP. */
  private final SSLContext tls;
  private final ResponseWriter writer = ResponseWriter.withSystemClock();
  /**
   * Open connections, linked through their own fields (a set would cost a node per connection);
   * loop thread only.
   */
  private HttpConnection firstOpen;
  private int openCount;
  /**
   * Parsers and requests of connections between requests, lent to the next one whose bytes
   * arrive, so an idle connection holds neither; loop thread only.
   */
  private final ArrayDeque<RequestParser> parsers = new ArrayDeque<>();
  private final ArrayDeque<Request> requests = new ArrayDeque<>();
  /** Parsers (with their requests) taken and not given back: what the connections hold. */
  private int parsersLent;
  private final OverCapacity overCapacity;
  /** Shared by the servers of every loop, so connection numbers stay unique. */
  private final AtomicLong accepted;
  private final AtomicLong turnedAway;
  /** This loop's share of {@link ServerOptions#maxConnections()}. */
  private final int maxConnections;
  /** Names the loop in shutdown lines when there are several; empty with one. */
  private final boolean oneOfSeveral;
  /** Completed when the last connection closes during shutdown; loop thread only. */
  private Promise<Void> allClosed;

  private HttpServer(ServerOptions options, Trace trace, ServerHooks hooks, SSLContext tls,
      AsyncTcpListener listener, HttpServer sibling, int loops) {
    this.tls = tls;
    this.options = options;
    this.trace = trace;
    this.hooks = hooks;
    this.overCapacity = new OverCapacity(trace);
    this.listener = listener;
    this.localAddress = (InetSocketAddress) listener.localAddress();
    this.accepted = sibling == null ? new AtomicLong() : sibling.accepted;
    this.turnedAway = sibling == null ? new AtomicLong() : sibling.turnedAway;
    this.maxConnections = (options.maxConnections() + loops - 1) / loops;
    this.oneOfSeveral = loops > 1;
  }

  /**
   * The server of one loop of {@code loops}, on a listener bound to their group; it shares the
   * counters of {@code sibling} (null for the first) and takes its share of the connections.
   */
  static HttpServer onGroupListener(ServerOptions options, Trace trace, ServerHooks hooks,
      AsyncTcpListener listener, HttpServer sibling, int loops) {
    SSLContext tls = sibling != null ? sibling.tls : tlsContext(options);
    return new HttpServer(options, trace, hooks, tls, listener, sibling, loops);
  }

  /**
   * Binds the listening socket.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code --tls-keystore} cannot be used
   */
  public static HttpServer bind(ServerOptions options, Trace trace, ServerHooks hooks) {
    SSLContext tls = tlsContext(options);
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    return new HttpServer(options, trace, hooks, tls, AsyncTcpListener.bind(address), null, 1);
  }

  /** The keys of {@code --tls-keystore}, or null for plain HTTP. */
  private static SSLContext tlsContext(ServerOptions options) {
    return options.tls()
        ? TlsKeyStore.serverContext(options.tlsKeyStore(), options.tlsPassword()) : null;
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
    await(FirstOf.firstOf(stopRequested, accepting));
    listener.close(); // a pending incoming().next() ends with null, and so does the accept loop
    await(accepting); // throws if accepting failed
    trace.server("Shutdown: stopped accepting; " + openCount + " connection(s) open"
        + onLoop());
    await(closeAll());
    trace.server("Shutdown: done" + onLoop());
    return Task.completed();
  }

  @Async
  private Task<Void> acceptAll() {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream stream; (stream = await(incoming.next())) != null; ) {
      long id = accepted.incrementAndGet();
      if (openCount >= maxConnections) {
        turnedAway.incrementAndGet();
        if (tls == null) {
          overCapacity.turnAway(id, stream);
        } else {
          stream.close(); // a 503 would cost a handshake, the very work we have no room for
        }
        continue;
      }
      HttpConnection connection = new HttpConnection(id, stream, this, trace);
      opened(connection);
      connection.start();
    }
    return Task.completed();
  }

  @Async
  private Task<Void> closeAll() {
    if (openCount == 0) {
      return Task.completed();
    }
    allClosed = new Promise<>();
    for (HttpConnection connection = firstOpen, next; connection != null; connection = next) {
      next = connection.nextOpen; // a connection between requests closes, and unlinks, at once
      connection.stopAfterCurrentRequest();
    }
    try {
      await(allClosed.task().orTimeout(options.shutdownTimeout()));
    } catch (Exception failure) {
      if (!(failure instanceof TimeoutException)) {
        throw failure;
      }
      System.err.println("HelloServer: " + openCount + " connection(s) still busy after "
          + options.shutdownTimeout().toMillis() + " ms of shutdown; closing them");
      allClosed = new Promise<>();
      for (HttpConnection connection = firstOpen, next; connection != null; connection = next) {
        next = connection.nextOpen;
        connection.abort();
      }
      await(allClosed.task());
    }
    return Task.completed();
  }

  private void opened(HttpConnection connection) {
    connection.nextOpen = firstOpen;
    if (firstOpen != null) {
      firstOpen.previousOpen = connection;
    }
    firstOpen = connection;
    openCount++;
  }

  void connectionClosed(HttpConnection connection) {
    HttpConnection previous = connection.previousOpen;
    HttpConnection next = connection.nextOpen;
    if (previous != null) {
      previous.nextOpen = next;
    } else {
      firstOpen = next;
    }
    if (next != null) {
      next.previousOpen = previous;
    }
    connection.previousOpen = null;
    connection.nextOpen = null;
    openCount--;
    if (allClosed != null && openCount == 0) {
      allClosed.complete(null);
    }
  }

  /** A parser for a connection whose bytes have arrived; loop thread only. */
  RequestParser takeParser() {
    parsersLent++;
    RequestParser parser = parsers.pollFirst();
    return parser != null ? parser : HttpConnection.newParser();
  }

  /** The request that parser will fill; loop thread only. */
  Request takeRequest() {
    Request request = requests.pollFirst();
    return request != null ? request : new Request();
  }

  /** Takes back a parser and request a connection will not touch again; loop thread only. */
  void giveBack(RequestParser parser, Request request) {
    parsersLent--;
    if (parsers.size() < BufferPool.KEPT) {
      parser.reset(); // a connection that closed mid-head leaves its place in the head
      parsers.addFirst(parser);
      requests.addFirst(request);
    }
  }

  /** How many parsers, each with its request, the open connections hold now; loop thread. */
  int parsersLent() {
    return parsersLent;
  }

  ServerOptions options() {
    return options;
  }

  /** The writer of this loop's answers, shared by its connections. */
  ResponseWriter writer() {
    return writer;
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

  /** This loop's buffers, which its connections take and give back; loop thread only. */
  BufferPool buffers() {
    return loopBuffers();
  }

  /** The calling loop's buffers, made on its first call. */
  static BufferPool loopBuffers() {
    return BUFFERS.get();
  }

  /** " on spindle-loop-1" when several loops serve, so that the trace says whose line it is. */
  private String onLoop() {
    return oneOfSeveral ? " on " + Thread.currentThread().getName() : "";
  }

  /** The TLS keys connections handshake with, or {@code null} for plain HTTP. */
  SSLContext tls() {
    return tls;
  }

  Object peerOf(AsyncTcpStream stream) {
    return stream.remoteAddress();
  }
}
