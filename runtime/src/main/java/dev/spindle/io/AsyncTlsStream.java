package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.TimerHandle;
import dev.spindle.Waiter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A TLS connection over an {@link AsyncTcpStream}, whose reads and writes are tasks: what
 * {@link javax.net.ssl.SSLSocket} is for a blocking {@link java.net.Socket}, or Netty's
 * {@code SslHandler} for a channel. A {@link SSLEngine} does the protocol (TLS 1.3 and 1.2, as
 * the {@link SSLContext} allows); this class moves its records.
 *
 * <pre>{@code
 * AsyncTcpStream tcp = await(AsyncTcpStream.connect(address));
 * AsyncTlsStream tls = await(AsyncTlsStream.client(tcp, SSLContext.getDefault(), "example.com"));
 * await(tls.write(request));        // encrypted, then all of it handed to the kernel
 * int n = await(tls.read(buffer));  // decrypted bytes; -1 once the peer sent close_notify
 * await(tls.close());               // close_notify, the peer's in return, then the socket
 * }</pre>
 *
 * <ul>
 *   <li>The factories finish when the handshake has, or fail with the engine's
 *       {@link SSLHandshakeException}, its message naming the peer and, for the usual causes (no
 *       common protocol, an untrusted certificate), what to change; the TCP connection is then
 *       closed, except after a {@link NotTlsRecordException}. A handshake that has not finished
 *       after its timeout (10 s by default) fails the same way.
 *   <li>The engine's delegated tasks (key exchange, signatures, certificate checks) run on a
 *       small shared pool of daemon threads, never on the event loop; the handshake resumes on
 *       the loop when they are done.
 *   <li>A client verifies that the server's certificate is issued for {@code hostName}
 *       (endpoint identification {@code "HTTPS"}, as {@code HttpsURLConnection} does).
 *   <li>Renegotiation, which TLS 1.2 peers may start, is refused: the stream fails. (TLS 1.3 has
 *       none; its key updates and session tickets are handled.)
 *   <li>A peer that closes the TCP connection without {@code close_notify} has possibly had its
 *       data cut off by an attacker: a read then fails with {@link SSLException} instead of
 *       returning {@code -1}.
 *   <li>{@link #close()} sends {@code close_notify}, waits for the peer's (1 s at most), and
 *       closes the socket.
 *   <li>Its three buffers are sized from the session (a record's worth each) and reused: a read
 *       of data already decrypted, or a write the socket takes at once, allocates no task and
 *       no buffer, as with {@link AsyncTcpStream}.
 * </ul>
 *
 * <p>Threading and rules are those of {@link AsyncTcpStream}: the stream belongs to the TCP
 * stream's loop; {@code read}, {@code write}, {@code flush}, {@code shutdownOutput},
 * {@code readable}, {@code writable} and {@code tryRead} on that loop's thread, {@link #close()}
 * from any; one read and one write in flight at once. The TCP stream's read timeout
 * ({@link AsyncTcpStream#setReadTimeout}) applies to reads of this stream too.
 */
public final class AsyncTlsStream implements AsyncByteStream {
  // One file over the usual size, on purpose: the operations and the pump that serves them share
  // the engine's state (its three buffers, the TCP read and write in flight, the handshake), and
  // split apart each half would reach into the other's fields. What stands alone is elsewhere:
  // messages (TlsFailures), the delegated-task pool (TlsDelegatedTasks), the waiting task
  // (TlsPending).
  static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  /** {@link #syncResult} when the read in progress has not finished. */
  private static final int NO_RESULT = Integer.MIN_VALUE;

  final AsyncTcpStream tcp;
  final EventLoop loop;
  private final SSLEngine engine;
  private final Waiter netReadDone = this::netReadDone;
  private final Waiter netWriteDone = this::netWriteDone;

  // Loop thread only, all of what follows.
  /** Bytes received, not yet unwrapped: read mode, except while {@link #netRead} fills it. */
  private ByteBuffer netIn;
  /** Bytes unwrapped, not yet read: read mode. */
  private ByteBuffer appIn;
  /** Bytes wrapped, not yet handed to the kernel: read mode. */
  private ByteBuffer netOut;
  /** The TCP read or write in flight, or {@code null}. */
  private Task<Integer> netRead;
  private Task<Void> netWrite;
  /** Delegated tasks are running off the loop; the engine waits for them. */
  private boolean delegating;

  private TlsPending<AsyncTlsStream> handshake;
  private boolean established;
  private boolean tls13;
  /** The handshake timeout, then the close deadline. */
  private TimerHandle timer;

  /** The buffer of the read in progress, or {@code null}; its task once it waits. */
  private ByteBuffer readInto;
  private TlsPending<Integer> pendingRead;
  /** Set when the read in progress finished while its caller still held the turn. */
  private int syncResult = NO_RESULT;
  /** Or the failure it finished with, if that did not end the stream (a read timeout). */
  private Throwable syncReadFailure;
  /** A readable() waits (it counts as the read in flight). */
  private TlsPending<Void> pendingReadable;
  /** tryRead(): unwrap only what can be had without waiting. */
  private boolean noWait;

  /** The buffer of the write in progress, or {@code null}; its task once it waits. */
  private ByteBuffer writeFrom;
  private TlsPending<Void> pendingWrite;
  private TlsPending<Void> pendingWritable;
  private boolean outputShut;

  /** The peer's close_notify has arrived: reads return -1. */
  private boolean peerClosed;
  /** The TCP read returned -1. */
  private boolean netEnded;
  /** A failure of a TCP read that ends only the read it happened to (its read timeout). */
  private Throwable readFailure;
  /** What ended the stream; every later operation fails with it. */
  private Throwable failure;
  private boolean closeRequested;
  private boolean closeDeadlinePassed;
  private Promise<Void> closing;
  private boolean closed;

  private boolean driving;
  private boolean again;

  private AsyncTlsStream(AsyncTcpStream tcp, SSLEngine engine) {
    this.tcp = tcp;
    this.loop = tcp.loop;
    this.engine = engine;
    SSLSession session = engine.getSession();
    this.netIn = ByteBuffer.allocate(session.getPacketBufferSize()).flip();
    this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize()).flip();
    this.netOut = ByteBuffer.allocate(session.getPacketBufferSize()).flip();
  }

  // ---------------------------------------------------------------- handshakes

  /**
   * Makes {@code tcp} the server side of a TLS connection, as an {@link javax.net.ssl.SSLSocket}
   * accepted from an {@code SSLServerSocket}; finishes when the handshake has. Loop thread.
   */
  public static Task<AsyncTlsStream> server(AsyncTcpStream tcp, SSLContext context) {
    SSLEngine engine;
    try {
      engine = context.createSSLEngine();
      engine.setUseClientMode(false);
    } catch (RuntimeException failure) {
      tcp.close();
      return Task.failed(failure);
    }
    return handshake(tcp, engine, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Makes {@code tcp} the client side of a TLS connection to {@code hostName}, whose name the
   * server's certificate must carry (checked as {@code HttpsURLConnection} does; an IP address
   * is checked against the certificate's IP entries). Finishes when the handshake has. Loop
   * thread.
   */
  public static Task<AsyncTlsStream> client(AsyncTcpStream tcp, SSLContext context,
      String hostName) {
    if (hostName == null || hostName.isEmpty()) {
      tcp.close();
      return Task.failed(new IllegalArgumentException("AsyncTlsStream.client(tcp, context,"
          + " hostName) must be given the host name the server's certificate is issued for: "
          + hostName + "; to choose verification yourself, configure an SSLEngine and call"
          + " AsyncTlsStream.handshake(tcp, engine, timeout)"));
    }
    SSLEngine engine;
    try {
      SocketAddress remote = tcp.remoteAddress();
      int port = remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getPort() : -1;
      engine = context.createSSLEngine(hostName, port);
      engine.setUseClientMode(true);
      SSLParameters parameters = engine.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(parameters);
    } catch (RuntimeException failure) {
      tcp.close();
      return Task.failed(failure);
    }
    return handshake(tcp, engine, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Runs the handshake of an engine configured by the caller (client or server mode, protocols,
   * cipher suites, client authentication, ALPN), failing it after {@code timeout}; what
   * {@link #server} and {@link #client} do with defaults. The engine must be fresh: no handshake
   * begun. Loop thread.
   */
  public static Task<AsyncTlsStream> handshake(AsyncTcpStream tcp, SSLEngine engine,
      Duration timeout) {
    if (!tcp.loop.inLoop()) {
      return Task.failed(new IllegalStateException("AsyncTlsStream's handshake must start on"
          + " the TCP stream's event-loop thread (" + tcp.loop + "), not "
          + Thread.currentThread().getName() + ": streams belong to the loop that opened them"));
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      tcp.close();
      return Task.failed(new IllegalArgumentException("AsyncTlsStream.handshake(tcp, engine,"
          + " timeout) must be given a positive timeout: " + timeout));
    }
    AsyncTlsStream stream = new AsyncTlsStream(tcp, engine);
    TlsPending<AsyncTlsStream> done = new TlsPending<>(stream, "handshake");
    stream.handshake = done;
    try {
      engine.beginHandshake();
    } catch (SSLException failure) {
      stream.failure = TlsFailures.named(stream.operation("TLS handshake with"), engine, failure);
    }
    stream.timer = stream.loop.runAfter(timeout, () -> stream.handshakeTimedOut(timeout));
    stream.drive();
    return done; // the pump forgets it once it has finished
  }

  private void handshakeTimedOut(Duration timeout) {
    if (!established && failure == null) {
      failure = new SSLHandshakeException(operation("TLS handshake with") + " did not finish"
          + " within " + timeout.toMillis() + " ms (the handshake timeout): the peer stopped"
          + " answering, or does not speak TLS; the connection is closed");
      drive();
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads decrypted bytes into {@code buffer}, at least one: the count, {@code -1} once the
   * peer has sent {@code close_notify}, or {@code 0} only when {@code buffer} has no room. Fails
   * with {@link SSLException} when the peer closed the connection without {@code close_notify}
   * (a truncation), and as {@link AsyncTcpStream#read} does otherwise.
   */
  @Override
  public Task<Integer> read(ByteBuffer buffer) {
    Task<Integer> refused = refuse("read()", readInProgress());
    if (refused != null) {
      return refused;
    }
    if (!buffer.hasRemaining()) {
      return ReadResults.of(0);
    }
    if (appIn.hasRemaining()) {
      return ReadResults.of(take(buffer));
    }
    readInto = buffer;
    syncResult = NO_RESULT;
    drive();
    if (readInto == null) { // finished within the turn: no task made
      return finishedRead();
    }
    pendingRead = new TlsPending<>(this, "read()");
    return pendingRead;
  }

  private Task<Integer> finishedRead() {
    if (syncResult != NO_RESULT) {
      int count = syncResult;
      syncResult = NO_RESULT;
      return ReadResults.of(count);
    }
    Throwable failed = syncReadFailure != null ? syncReadFailure : failure;
    syncReadFailure = null;
    return Task.failed(failed);
  }

  /**
   * Finishes when a read would not wait: decrypted bytes are pending, the peer has ended the
   * stream, or the stream has failed (the read will tell how). Reads the TCP stream, and
   * decrypts, as needed: bytes that arrive but make no whole record yet do not finish it.
   * Counts as the read in flight.
   */
  @Override
  public Task<Void> readable() {
    Task<Void> refused = refuse("readable()", readInProgress());
    if (refused != null) {
      return refused;
    }
    if (appIn.hasRemaining() || peerClosed || failure != null) {
      return Task.completed();
    }
    TlsPending<Void> readable = new TlsPending<>(this, "readable()");
    pendingReadable = readable;
    drive();
    return readable;
  }

  /**
   * Reads without waiting: decrypts what has already arrived, and what one non-blocking read of
   * the socket brings, into {@code buffer}. The count, {@code 0} when nothing whole is there
   * now, {@code -1} once the peer has sent {@code close_notify}.
   *
   * @throws IOException the stream's failure (a truncation, the peer's reset, an alert)
   * @throws IllegalStateException off the loop, or while a read is in flight
   */
  @Override
  public int tryRead(ByteBuffer buffer) throws IOException {
    Task<Integer> refused = refuse("tryRead()", readInProgress());
    if (refused != null) {
      Throwable why = refused.failureNow();
      if (why instanceof IOException) {
        throw (IOException) why;
      }
      throw (RuntimeException) why;
    }
    if (!buffer.hasRemaining()) {
      return 0;
    }
    if (appIn.hasRemaining()) {
      return take(buffer);
    }
    readInto = buffer;
    syncResult = NO_RESULT;
    noWait = true;
    try {
      drive();
    } finally {
      noWait = false;
    }
    if (readInto == null) {
      if (syncResult != NO_RESULT) {
        int count = syncResult;
        syncResult = NO_RESULT;
        return count;
      }
      Throwable failed = syncReadFailure != null ? syncReadFailure : failure;
      syncReadFailure = null;
      throw asIoException(failed);
    }
    readInto = null;
    if (netRead == null && failure == null) {
      drive(); // what the engine still wants (a key update's answer) goes on without the read
    }
    return 0;
  }

  private static IOException asIoException(Throwable failure) {
    return failure instanceof IOException ? (IOException) failure
        : new IOException(failure.getMessage(), failure);
  }

  private boolean readInProgress() {
    return readInto != null || pendingReadable != null;
  }

  private int take(ByteBuffer buffer) {
    int count = Math.min(buffer.remaining(), appIn.remaining());
    if (count == appIn.remaining()) {
      buffer.put(appIn);
    } else {
      int limit = appIn.limit();
      appIn.limit(appIn.position() + count);
      buffer.put(appIn);
      appIn.limit(limit);
    }
    return count;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Encrypts all of {@code buffer} and hands the records to the kernel; the task finishes when
   * the last one has been. Do not touch {@code buffer} until it finishes.
   */
  @Override
  public Task<Void> write(ByteBuffer buffer) {
    Task<Void> refused = refuse("write()", writeFrom != null);
    if (refused == null && outputShut) {
      refused = Task.failed(new IllegalStateException("AsyncTlsStream.write() must not be called"
          + " after shutdownOutput() on " + this + ": close_notify has been sent"));
    }
    if (refused != null) {
      return refused;
    }
    writeFrom = buffer;
    drive();
    if (writeFrom == null) {
      return failure == null ? Task.completed() : Task.failed(failure);
    }
    pendingWrite = new TlsPending<>(this, "write()");
    return pendingWrite;
  }

  /**
   * Finishes when a write would not wait for the socket: no record is waiting for room in the
   * socket buffer.
   */
  @Override
  public Task<Void> writable() {
    Task<Void> refused = refuse("writable()", pendingWritable != null);
    if (refused != null) {
      return refused;
    }
    if (netWrite == null) {
      return Task.completed();
    }
    pendingWritable = new TlsPending<>(this, "writable()");
    return pendingWritable;
  }

  /**
   * Finishes when every byte written so far has been encrypted and handed to the kernel: waits
   * only for a write still in flight, and fails as it does.
   */
  @Override
  public Task<Void> flush() {
    Task<Void> refused = refuse("flush()", false);
    if (refused != null) {
      return refused;
    }
    TlsPending<Void> inFlight = pendingWrite;
    if (writeFrom == null || inFlight == null) {
      return Task.completed();
    }
    Promise<Void> flushed = new Promise<>();
    inFlight.whenDone(done -> {
      Throwable failed = done.failureNow();
      if (failed == null) {
        flushed.complete(null);
      } else {
        flushed.fail(failed);
      }
    });
    return flushed.task();
  }

  /**
   * Sends {@code close_notify}, TLS's end of stream (the peer's reads return {@code -1}), while
   * this side may still read: {@link java.net.Socket#shutdownOutput()} for TLS. TLS 1.2 peers
   * answer with their own {@code close_notify}, so reading may end soon after. Fails if a write
   * is still in flight.
   */
  @Override
  public Task<Void> shutdownOutput() {
    Task<Void> refused = refuse("shutdownOutput()", false);
    if (refused != null) {
      return refused;
    }
    if (writeFrom != null) {
      return Task.failed(new IllegalStateException("AsyncTlsStream.shutdownOutput() must not be"
          + " called while a write is in flight on " + this + ": await the write (or flush())"
          + " first"));
    }
    outputShut = true;
    engine.closeOutbound();
    drive();
    return failure == null ? Task.completed() : Task.failed(failure);
  }

  // ---------------------------------------------------------------- closing

  /**
   * Sends {@code close_notify}, waits (1 s at most) for the peer's, then closes the TCP
   * connection; a read or write in flight fails with {@link ChannelClosedException}. Any thread;
   * closing twice returns the first close's task.
   */
  @Override
  public Task<Void> close() {
    if (!loop.inLoop()) {
      Promise<Void> done = new Promise<>();
      try {
        loop.execute(() -> close().whenDone(closedTask -> done.complete(null)));
      } catch (RejectedExecutionException stopped) {
        tcp.close(); // the loop has stopped: nothing left to say to the peer
        done.complete(null);
      }
      return done.task();
    }
    if (closing != null) {
      return closing.task();
    }
    closing = new Promise<>();
    closeRequested = true;
    ChannelClosedException reason = new ChannelClosedException("AsyncTlsStream on " + this
        + " was closed while this operation was pending; it did not complete");
    failReaders(reason);
    if (writeFrom != null) {
      writeFrom = null;
      if (pendingWrite != null) {
        pendingWrite.fail(reason);
        pendingWrite = null;
      }
    }
    if (handshake != null) {
      TlsPending<AsyncTlsStream> waiting = handshake;
      handshake = null;
      waiting.fail(reason);
    }
    if (failure != null || !established || closed) {
      finishClose();
    } else {
      engine.closeOutbound();
      if (timer != null) {
        timer.cancel();
      }
      timer = loop.runAfter(CLOSE_TIMEOUT, () -> {
        closeDeadlinePassed = true;
        drive();
      });
      drive();
    }
    return closing.task();
  }

  /** Closes the TCP stream; {@link #close()}'s task finishes when it has. Again does no harm. */
  private void finishClose() {
    closed = true;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    Task<Void> closedTcp = tcp.close();
    Promise<Void> done = closing;
    if (done != null) {
      closedTcp.whenDone(finished -> done.complete(null));
    }
  }

  /** Whether the TCP connection is open. */
  public boolean isOpen() {
    return tcp.isOpen();
  }

  // ---------------------------------------------------------------- the engine's pump

  /** A pending task was cancelled: stop working for it. Any thread. */
  void cancelled() {
    if (loop.inLoop()) {
      drive();
    } else {
      try {
        loop.execute(this::drive);
      } catch (RejectedExecutionException stopped) {
        // the loop has stopped: nothing runs for this stream any more
      }
    }
  }

  /**
   * Makes every bit of progress the engine allows: sends what is wrapped, wraps what is wanted,
   * unwraps what has arrived, reads when a reader or the handshake waits, and finishes the
   * operations that can finish. Re-entrant calls (from a task that finished at once) only ask
   * the running pump to go round again.
   */
  private void drive() {
    if (driving) {
      again = true;
      return;
    }
    driving = true;
    try {
      do {
        again = false;
        pump();
      } while (again);
    } catch (RuntimeException | Error bug) {
      if (failure == null) {
        failure = bug;
      }
      abort();
    } finally {
      driving = false;
    }
  }

  private void pump() {
    while (!closed) {
      if (failure != null) {
        abort();
        return;
      }
      dropCancelled();
      boolean progress;
      try {
        progress = send();
        progress |= wrap();
        progress |= unwrap();
      } catch (SSLException engineFailure) {
        failure = engineFailure instanceof NotTlsRecordException ? engineFailure
            : TlsFailures.named(operation(established ? "TLS connection with"
                : "TLS handshake with"), engine, engineFailure);
        continue;
      } catch (IOException socketFailure) { // tryRead's non-blocking read
        failure = IoFailures.named(tcp.operation("read from"), socketFailure);
        continue;
      }
      if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK && !delegating) {
        delegate();
      }
      progress |= finishOperations(progress);
      if (!progress) {
        return;
      }
    }
  }

  /** Hands {@link #netOut} to the TCP stream; true if it all went at once. */
  private boolean send() {
    if (netWrite != null || !netOut.hasRemaining()) {
      return false;
    }
    Task<Void> written = tcp.write(netOut);
    if (!written.isDone()) {
      netWrite = written;
      written.whenDone(netWriteDone);
      return false;
    }
    Throwable failed = written.failureNow();
    if (failed != null) {
      failure = failed;
    }
    return true;
  }

  private void netWriteDone(Task<?> written) {
    if (!loop.inLoop()) {
      loop.execute(() -> netWriteDone(written));
      return;
    }
    if (written != netWrite) {
      return;
    }
    netWrite = null;
    Throwable failed = written.failureNow();
    if (failed != null && !closed && failure == null) {
      failure = failed;
    }
    if (pendingWritable != null) {
      TlsPending<Void> waiting = pendingWritable;
      pendingWritable = null;
      if (failed == null) {
        waiting.succeed(null);
      } else {
        waiting.fail(failed);
      }
    }
    drive();
  }

  /** Wraps a record into an empty {@link #netOut}: the handshake's, an alert, or user data. */
  private boolean wrap() throws SSLException {
    if (netWrite != null || netOut.hasRemaining() || delegating) {
      return false;
    }
    ByteBuffer source;
    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
      source = EMPTY;
    } else if (established && writeFrom != null && writeFrom.hasRemaining()) {
      source = writeFrom;
    } else {
      return false;
    }
    netOut.clear();
    SSLEngineResult result;
    try {
      result = engine.wrap(source, netOut);
    } finally {
      netOut.flip();
    }
    switch (result.getStatus()) {
      case BUFFER_OVERFLOW:
        netOut = larger(netOut, engine.getSession().getPacketBufferSize());
        return true;
      case CLOSED:
        if (source == writeFrom) {
          throw new SSLException("the engine's outbound side was closed while a write was in"
              + " flight");
        }
        return result.bytesProduced() > 0;
      default:
        return result.bytesProduced() > 0 || result.bytesConsumed() > 0;
    }
  }

  /** Unwraps what {@link #netIn} holds, or reads more into it, when someone wants the bytes. */
  private boolean unwrap() throws IOException {
    if (netRead != null || delegating || !wantsInbound()) {
      return false;
    }
    if (netIn.hasRemaining()) {
      if (!established && !engine.getUseClientMode() && TlsFailures.plainText(netIn)) {
        throw new NotTlsRecordException(operation("AsyncTlsStream.server(): the client at")
            + " sent plain text (\"" + TlsFailures.firstLine(netIn) + "\") where a TLS"
            + " handshake was expected: it must speak TLS on this port (https://, not http://)");
      }
      appIn.compact();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        appIn.flip();
      }
      switch (result.getStatus()) {
        case OK:
          refuseRenegotiation(result);
          if (result.bytesConsumed() > 0 || result.bytesProduced() > 0) {
            return true;
          }
          if (result.getHandshakeStatus() != HandshakeStatus.NEED_UNWRAP) {
            return false; // the engine wants to wrap or run tasks first
          }
          break; // nothing whole: read more
        case CLOSED:
          peerClosed = true;
          return true;
        case BUFFER_OVERFLOW:
          if (appIn.hasRemaining()) {
            return false; // a reader takes what is there first
          }
          appIn = larger(appIn, engine.getSession().getApplicationBufferSize());
          return true;
        case BUFFER_UNDERFLOW:
        default:
          if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
            netIn = larger(netIn, engine.getSession().getPacketBufferSize());
          }
          break;
      }
    }
    return readNet();
  }

  /** Reads more of the peer's bytes into {@link #netIn}; true if some (or the end) came at once. */
  private boolean readNet() throws IOException {
    if (netEnded) {
      return false;
    }
    netIn.compact();
    if (noWait) {
      int count;
      try {
        count = tcp.registration.inboundDrained() ? 0 : tcp.readNow(netIn);
      } finally {
        netIn.flip();
      }
      if (count < 0) {
        netEnded = true;
      }
      return count != 0;
    }
    Task<Integer> read = tcp.read(netIn);
    if (!read.isDone()) {
      netRead = read;
      read.whenDone(netReadDone);
      return false;
    }
    netIn.flip();
    netReadFinished(read);
    return true;
  }

  private void netReadDone(Task<?> read) {
    if (!loop.inLoop()) {
      loop.execute(() -> netReadDone(read));
      return;
    }
    if (read != netRead) {
      return;
    }
    netRead = null;
    netIn.flip();
    @SuppressWarnings("unchecked")
    Task<Integer> count = (Task<Integer>) read;
    netReadFinished(count);
    drive();
  }

  private void netReadFinished(Task<Integer> read) {
    Throwable failed = read.failureNow();
    if (failed == null) {
      if (read.resultNow() < 0) {
        netEnded = true;
      }
    } else if (failed instanceof TimeoutException) {
      readFailure = failed; // the TCP stream's read timeout: it ends a read, not the stream
    } else if (!(failed instanceof CancellationException) && !closed && failure == null) {
      failure = failed;
    }
  }

  private boolean wantsInbound() {
    HandshakeStatus status = engine.getHandshakeStatus();
    if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
      return !peerClosed;
    }
    if (peerClosed || engine.isInboundDone()) {
      return false;
    }
    return (readInto != null || pendingReadable != null) && !appIn.hasRemaining()
        || closeRequested && !closed;
  }

  /** TLS 1.2 lets either side start a new handshake on an established connection: refused. */
  private void refuseRenegotiation(SSLEngineResult result) throws SSLException {
    HandshakeStatus status = result.getHandshakeStatus();
    if (established && !tls13 && !closeRequested && !engine.isOutboundDone()
        && (status == HandshakeStatus.NEED_TASK || status == HandshakeStatus.NEED_WRAP
            || status == HandshakeStatus.NEED_UNWRAP)) {
      throw new SSLException("the peer started a TLS renegotiation (a new handshake on the"
          + " established " + engine.getSession().getProtocol() + " connection), which"
          + " AsyncTlsStream refuses: open a new connection instead");
    }
  }

  /** Runs the engine's delegated tasks off the loop, then resumes the pump on it. */
  private void delegate() {
    delegating = true;
    try {
      TlsDelegatedTasks.EXECUTOR.execute(() -> {
        Throwable failed = null;
        try {
          for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
          }
        } catch (Throwable thrown) {
          failed = thrown;
        }
        Throwable outcome = failed;
        try {
          loop.execute(() -> delegated(outcome));
        } catch (RejectedExecutionException stopped) {
          // the loop has stopped: nothing waits for this handshake any more
        }
      });
    } catch (RejectedExecutionException full) {
      delegating = false;
      failure = full;
    }
  }

  private void delegated(Throwable failed) {
    delegating = false;
    if (failed != null && failure == null) {
      failure = failed;
    }
    drive();
  }

  /** Finishes what can finish now; true if something did. */
  private boolean finishOperations(boolean engineProgress) {
    boolean progress = false;
    if (!established) {
      if (engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING && !delegating
          && !netOut.hasRemaining() && netWrite == null) {
        established();
        progress = true;
      } else if (netEnded && netRead == null && !engineProgress && wantsInbound()) {
        failure = new SSLHandshakeException(operation("TLS handshake with") + ": the peer closed"
            + " the connection in the middle of the handshake; it may have refused it (see its"
            + " log) or not speak TLS");
        return true;
      } else if (readFailure != null) {
        failure = readFailure;
        return true;
      }
    }
    if (readInto != null || pendingReadable != null) {
      progress |= finishRead(engineProgress);
    } else {
      readFailure = null;
    }
    if (writeFrom != null && !writeFrom.hasRemaining() && !netOut.hasRemaining()
        && netWrite == null) {
      writeFrom = null;
      if (pendingWrite != null) {
        TlsPending<Void> done = pendingWrite;
        pendingWrite = null;
        done.succeed(null);
      }
      progress = true;
    }
    if (closeRequested && !closed && (closeDeadlinePassed
        || engine.isOutboundDone() && !netOut.hasRemaining() && netWrite == null
            && (peerClosed || engine.isInboundDone() || netEnded || readFailure != null))) {
      finishClose();
      progress = true;
    }
    return progress;
  }

  private void established() {
    established = true;
    tls13 = "TLSv1.3".equals(engine.getSession().getProtocol());
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    TlsPending<AsyncTlsStream> done = handshake;
    handshake = null;
    done.succeed(this);
  }

  /** Finishes the read (or readable) in progress if it can; true if it did. */
  private boolean finishRead(boolean engineProgress) {
    int count;
    Throwable failed = null;
    if (appIn.hasRemaining()) {
      count = readInto == null ? 0 : take(readInto);
    } else if (peerClosed || engine.isInboundDone()) {
      count = -1;
    } else if (readFailure != null) {
      failed = readFailure;
      readFailure = null;
      count = 0;
    } else if (netEnded && netRead == null && !engineProgress) {
      failure = new SSLException(operation("read from") + ": the peer closed the TCP"
          + " connection without sending close_notify, so what it sent may have been cut off"
          + " (a truncation); treat the data as incomplete");
      return true; // the pump fails the read with the stream
    } else {
      return false;
    }
    if (readInto != null) {
      readInto = null;
      TlsPending<Integer> waiting = pendingRead;
      pendingRead = null;
      if (waiting == null) { // the caller still holds the turn: it returns the outcome
        syncResult = failed == null ? count : NO_RESULT;
        syncReadFailure = failed;
      } else if (failed == null) {
        waiting.succeed(ReadResults.boxed(count));
      } else {
        waiting.fail(failed);
      }
    } else {
      TlsPending<Void> waiting = pendingReadable;
      pendingReadable = null;
      if (failed == null) {
        waiting.succeed(null);
      } else {
        waiting.fail(failed);
      }
    }
    return true;
  }

  /** Drops the operations whose tasks were cancelled. */
  private void dropCancelled() {
    if (pendingRead != null && pendingRead.isDone()) {
      pendingRead = null;
      readInto = null;
    }
    if (pendingReadable != null && pendingReadable.isDone()) {
      pendingReadable = null;
    }
    if (pendingWrite != null && pendingWrite.isDone()) {
      pendingWrite = null;
      writeFrom = null;
    }
    if (pendingWritable != null && pendingWritable.isDone()) {
      pendingWritable = null;
    }
    if (handshake != null && handshake.isDone() && failure == null) {
      failure = new CancellationException(operation("TLS handshake with") + " was cancelled");
    }
  }

  /** The stream has failed: tell the peer if we still can, close, fail every operation. */
  private void abort() {
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    if (handshake != null) {
      TlsPending<AsyncTlsStream> waiting = handshake;
      handshake = null;
      waiting.fail(failure);
    }
    failReaders(failure);
    if (writeFrom != null) {
      writeFrom = null;
      if (pendingWrite != null) {
        TlsPending<Void> waiting = pendingWrite;
        pendingWrite = null;
        waiting.fail(failure);
      }
    }
    if (pendingWritable != null) {
      TlsPending<Void> waiting = pendingWritable;
      pendingWritable = null;
      waiting.fail(failure);
    }
    if (closed) {
      return;
    }
    if (failure instanceof NotTlsRecordException && closing == null) {
      closed = true; // the caller answers in plain text, then closes the TCP stream
      return;
    }
    sendAlertThenClose();
  }

  /** After a failure: the alert the engine has for the peer, if the socket takes it, then close. */
  private void sendAlertThenClose() {
    closed = true;
    boolean socketFailed = failure instanceof IOException && !(failure instanceof SSLException);
    if (netWrite == null && !socketFailed) { // a reset socket takes no alert
      try {
        engine.closeOutbound();
        netOut.clear();
        engine.wrap(EMPTY, netOut);
      } catch (SSLException | RuntimeException noAlert) {
        netOut.clear();
      } finally {
        netOut.flip();
      }
      if (netOut.hasRemaining()) {
        // Handed to the kernel at once, or not at all: a peer that does not read gets no wait.
        tcp.write(netOut).failureNow();
      }
    }
    finishClose();
  }

  private void failReaders(Throwable reason) {
    if (readInto != null) {
      readInto = null;
      if (pendingRead != null) {
        TlsPending<Integer> waiting = pendingRead;
        pendingRead = null;
        waiting.fail(reason);
      }
    }
    if (pendingReadable != null) {
      TlsPending<Void> waiting = pendingReadable;
      pendingReadable = null;
      waiting.fail(reason);
    }
  }

  private static ByteBuffer larger(ByteBuffer buffer, int atLeast) {
    ByteBuffer grown = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
    grown.put(buffer);
    return grown.flip();
  }

  // ---------------------------------------------------------------- about

  /** The TCP connection underneath. */
  public AsyncTcpStream tcp() {
    return tcp;
  }

  /**
   * The session the handshake agreed (protocol, cipher suite, peer certificates), like
   * {@link javax.net.ssl.SSLSocket#getSession()}.
   */
  public SSLSession session() {
    return engine.getSession();
  }

  /** This side's address, like {@link java.net.Socket#getLocalSocketAddress()}. */
  public SocketAddress localAddress() {
    return tcp.localAddress();
  }

  /** The peer's address, like {@link java.net.Socket#getRemoteSocketAddress()}. */
  public SocketAddress remoteAddress() {
    return tcp.remoteAddress();
  }

  @Override
  public String toString() {
    return "AsyncTlsStream[" + tcp.localAddress() + " -> " + tcp.remoteAddress() + "]";
  }

  private String operation(String verb) {
    return tcp.operation(verb);
  }

  // ---------------------------------------------------------------- rules

  /** A failed task if an operation may not start now, else {@code null}. */
  private <T> Task<T> refuse(String operation, boolean inFlight) {
    if (!loop.inLoop()) {
      return Task.failed(new IllegalStateException("AsyncTlsStream." + operation + " must be"
          + " called on the stream's event-loop thread (" + loop + "), not "
          + Thread.currentThread().getName() + ": streams belong to the loop that opened them"));
    }
    if (closeRequested) {
      return Task.failed(new ChannelClosedException("AsyncTlsStream." + operation + " on "
          + this + " must not be called after close(): the stream is closed"));
    }
    if (failure != null) {
      return Task.failed(failure);
    }
    if (inFlight) {
      String kind = operation.startsWith("write") ? "write" : "read";
      return Task.failed(new IllegalStateException("AsyncTlsStream." + operation + " must not"
          + " be called while another " + kind + " is pending on " + this + ": one " + kind
          + " at a time per stream; await the first " + kind + " before starting the next"));
    }
    return null;
  }
}
