package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.loop.InstalledTrace;
import dev.spindle.loop.Interest;
import dev.spindle.loop.LoopAccess;
import dev.spindle.loop.Registration;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A TCP connection whose reads and writes are tasks: what {@link
 * java.nio.channels.AsynchronousSocketChannel} is with futures, or a blocking {@link
 * java.net.Socket} is with threads, on one event loop and without a thread per connection.
 *
 * <pre>{@code
 * AsyncTcpStream conn = await(AsyncTcpStream.connect(address));
 * await(conn.write(request));           // all of it, however many partial writes it takes
 * int n = await(conn.read(buffer));     // -1 at end of stream
 * await(conn.close());
 * }</pre>
 *
 * <p>I/O is optimistic: each operation first tries the socket, and registers with the selector
 * only when it would block, so a read of a readable socket finishes without a system call to the
 * selector and without allocating a waiter. One exception, as in tokio: after a read that
 * returned fewer bytes than the buffer had room for (the socket is drained), the next read waits
 * for readiness at once instead of making a read system call that would only say would-block. At most one read and one write may be in flight at
 * once (they may overlap each other); a second one fails with {@link IllegalStateException}.
 *
 * <p>A server with many idle connections need not hold a buffer for each: {@link #readable()}
 * waits for bytes holding none, and {@link #tryRead} then reads into a buffer taken only now
 * (from a pool, say) and given back once its bytes are consumed, as tokio's {@code readable()}
 * and {@code try_read}, or Netty's read buffer allocated on readiness.
 *
 * <p>Threading: a stream belongs to the loop it was connected or accepted on. {@code read},
 * {@code write}, {@code flush} and {@code shutdownOutput} must be called on that loop's thread;
 * {@link #close()} and the address getters may be called from any thread.
 */
public final class AsyncTcpStream implements AsyncByteStream {
  final SocketChannel channel;
  final EventLoop loop;
  final Registration registration;
  /** Loop thread writes once when connected; any thread reads after the stream is handed out. */
  private volatile SocketAddress localAddress;
  private volatile SocketAddress remoteAddress;
  /** Loop thread only: the read or {@link #readable()} in flight, or {@code null}. */
  private IoTask<?> pendingRead;
  /** Loop thread only: the write or {@link #writable()} in flight, or {@code null}. */
  private IoTask<?> pendingWrite;
  /**
   * Loop thread only: the last write found the socket buffer full, and no readiness has been
   * reported since, so {@link #writable()} waits for the selector instead of finishing at once.
   */
  private boolean outboundFull;
  /** Loop thread only. */
  private boolean closed;
  /** Loop thread only: {@code null} until a read timeout is set. */
  private ReadTimeout readTimeout;

  private AsyncTcpStream(SocketChannel channel, EventLoop loop, SocketAddress remoteAddress) {
    this.channel = channel;
    this.loop = loop;
    this.remoteAddress = remoteAddress;
    this.registration = new Registration(LoopAccess.get().reactor(loop), channel, this);
  }

  /**
   * Opens a connection to {@code address}, like {@link java.net.Socket#Socket(String, int)}
   * without blocking. Must be called on an event-loop thread; the stream belongs to that loop.
   * {@code TCP_NODELAY} is on: writes go out as they are made.
   */
  public static Task<AsyncTcpStream> connect(SocketAddress address) {
    EventLoop loop = EventLoop.currentOrNull();
    if (loop == null) {
      return Task.failed(new IllegalStateException("AsyncTcpStream.connect(" + address + ")"
          + " must be called on an event-loop thread; this is "
          + Thread.currentThread().getName() + ": call it inside EventLoop.run(...)"));
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      AsyncTcpStream stream = new AsyncTcpStream(channel, loop, address);
      Faults.check(Faults.Operation.CONNECT, stream);
      if (channel.connect(address)) {
        stream.connected();
        return Task.completed(stream);
      }
      stream.localAddress = channel.getLocalAddress(); // bound by connect(); names traces
      ConnectTask task = new ConnectTask(stream);
      stream.registration.await(Interest.CONNECT, task);
      return task;
    } catch (IOException failure) {
      closeQuietly(channel);
      return Task.failed(IoFailures.named("connect to " + IoFailures.address(address), failure));
    } catch (RuntimeException failure) {
      closeQuietly(channel);
      return Task.failed(failure);
    }
  }

  /** Wraps a connection just accepted by a listener of {@code loop}. */
  static AsyncTcpStream accepted(SocketChannel channel, EventLoop loop) throws IOException {
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      AsyncTcpStream stream = new AsyncTcpStream(channel, loop, channel.getRemoteAddress());
      stream.connected();
      return stream;
    } catch (IOException | RuntimeException failure) {
      closeQuietly(channel);
      throw failure;
    }
  }

  void connected() throws IOException {
    localAddress = channel.getLocalAddress();
    remoteAddress = channel.getRemoteAddress();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads at least one byte into {@code buffer} (as many as are available and fit), like
   * {@link java.nio.channels.ReadableByteChannel#read}: the count, {@code -1} at end of stream,
   * or {@code 0} only when {@code buffer} has no room. A peer reset fails the task with the
   * {@link IOException}; closing the stream fails a pending read with
   * {@link ChannelClosedException}.
   */
  @Override
  public Task<Integer> read(ByteBuffer buffer) {
    Task<Integer> refused = refuse("read()", pendingRead);
    if (refused != null) {
      return refused;
    }
    if (!buffer.hasRemaining()) {
      return ReadResults.of(0);
    }
    if (!registration.inboundDrained()) {
      try {
        int count = readNow(buffer);
        if (count != 0) {
          return ReadResults.of(count); // shared: a read that finishes at once allocates nothing
        }
      } catch (IOException failure) {
        return Task.failed(IoFailures.named(operation("read from"), failure));
      }
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("read would block on " + this);
    }
    ReadTask task = new ReadTask(this, buffer);
    pendingRead = task;
    if (readTimeout != null) {
      readTimeout.watch(task);
    }
    return park(Interest.READ, task);
  }

  /**
   * Makes a read that waits longer than {@code timeout} for its first byte fail with {@link
   * java.util.concurrent.TimeoutException}, like {@link java.net.Socket#setSoTimeout(int)}; the
   * stream stays open. {@link Duration#ZERO} (the default) waits as long as it takes. Applies to
   * reads that start waiting after the call. Cheaper than {@code read(buffer).orTimeout(timeout)}
   * on every read: the stream keeps one timer and re-arms it lazily, so a read costs no timer.
   * Loop thread only.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public void setReadTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("AsyncTcpStream.setReadTimeout(timeout) must be given"
          + " zero (no timeout) or a positive duration: " + timeout);
    }
    if (!loop.inLoop()) {
      throw new IllegalStateException("AsyncTcpStream.setReadTimeout() must be called on the"
          + " stream's event-loop thread (" + loop + "), not " + Thread.currentThread().getName()
          + ": streams belong to the loop that opened them");
    }
    if (readTimeout == null) {
      readTimeout = new ReadTimeout(loop);
    }
    readTimeout.set(timeout);
  }

  /** The read timeout; {@link Duration#ZERO} when reads wait as long as it takes. */
  public Duration readTimeout() {
    return readTimeout == null ? Duration.ZERO : readTimeout.get();
  }

  /**
   * One read system call; notes on the registration whether it drained the socket (fewer bytes
   * than there was room for), so that the next read waits for readiness instead of trying.
   */
  int readNow(ByteBuffer buffer) throws IOException {
    Faults.check(Faults.Operation.READ, this);
    int room = buffer.remaining();
    int count = channel.read(buffer);
    registration.inboundDrained(count >= 0 && count < room);
    return count;
  }

  void readDone(IoTask<?> task) {
    if (pendingRead == task) {
      pendingRead = null;
    }
  }

  // ---------------------------------------------------------------- readiness

  /**
   * Finishes when bytes (or the end of the stream) can be read, holding no buffer while it
   * waits, as tokio's {@code TcpStream::readable()}: a server can wait on thousands of idle
   * connections and take a buffer only for those that have something to say, then {@link
   * #tryRead} into it. Readiness is a hint: the {@code tryRead} that follows may return 0 (a
   * spurious wake-up), and the caller then waits again. Finishes at once unless the last read
   * drained the socket, so a {@code readable()} with bytes already there costs no system call.
   * Honours the {@linkplain #setReadTimeout read timeout} as {@link #read} does, and counts as
   * the one read in flight: a {@code read} or second {@code readable()} meanwhile is refused.
   */
  @Override
  public Task<Void> readable() {
    Task<Void> refused = refuse("readable()", pendingRead);
    if (refused != null) {
      return refused;
    }
    if (!registration.inboundDrained()) {
      return Task.completed(); // shared: no allocation when bytes may already be there
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("read would block on " + this + " (readable)");
    }
    ReadinessTask task = new ReadinessTask(this, Interest.READ);
    pendingRead = task;
    if (readTimeout != null) {
      readTimeout.watch(task);
    }
    return park(Interest.READ, task);
  }

  /**
   * Reads what is there now into {@code buffer} without waiting: the count, {@code 0} when
   * nothing is there (or {@code buffer} has no room), {@code -1} at end of stream. One read
   * system call, as tokio's {@code try_read}; after {@link #readable()} it is the way to read
   * into a buffer taken only once bytes have arrived.
   *
   * @throws IOException if the connection failed (a peer reset, for one)
   * @throws IllegalStateException off the stream's loop, or while a read is in flight
   * @throws ChannelClosedException after {@link #close()}
   */
  @Override
  public int tryRead(ByteBuffer buffer) throws IOException {
    Task<Integer> refused = refuse("tryRead()", pendingRead);
    if (refused != null) {
      Throwable rule = refused.failureNow();
      if (rule instanceof IOException) {
        throw (IOException) rule;
      }
      throw (RuntimeException) rule;
    }
    if (!buffer.hasRemaining()) {
      return 0;
    }
    try {
      return readNow(buffer);
    } catch (IOException failure) {
      throw IoFailures.named(operation("read from"), failure);
    }
  }

  /**
   * Finishes when a write can make progress, holding no buffer while it waits: at once unless
   * the last write found the socket buffer full, else when the selector reports room. For a
   * writer that prepares its bytes only when they can leave. Refused while a write is in flight
   * (its completion says the same), or while another {@code writable()} waits.
   */
  @Override
  public Task<Void> writable() {
    Task<Void> refused = refuse("writable()", pendingWrite);
    if (refused != null) {
      return refused;
    }
    if (!outboundFull) {
      return Task.completed();
    }
    ReadinessTask task = new ReadinessTask(this, Interest.WRITE);
    pendingWrite = task;
    return park(Interest.WRITE, task);
  }

  void writableDone(ReadinessTask task) {
    outboundFull = false; // the selector reported room (or the wait ended): try the socket again
    writeDone(task);
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes all of {@code buffer}, however many partial writes the socket buffer forces, like
   * {@link java.io.OutputStream#write(byte[])}; the task finishes when the last byte is handed
   * to the kernel. The selector is asked for {@code OP_WRITE} only while the socket buffer is
   * full. Do not touch {@code buffer} until the task finishes.
   */
  @Override
  public Task<Void> write(ByteBuffer buffer) {
    Task<Void> refused = refuse("write()", pendingWrite);
    if (refused != null) {
      return refused;
    }
    try {
      if (writeNow(buffer)) {
        return Task.completed();
      }
    } catch (IOException failure) {
      return Task.failed(IoFailures.named(operation("write to"), failure));
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("write would block on " + this + " with " + buffer.remaining()
          + " bytes left");
    }
    WriteTask task = new WriteTask(this, buffer);
    pendingWrite = task;
    return park(Interest.WRITE, task);
  }

  /** Writes until {@code buffer} is empty (true) or the socket buffer is full (false). */
  boolean writeNow(ByteBuffer buffer) throws IOException {
    Faults.check(Faults.Operation.WRITE, this);
    while (buffer.hasRemaining()) {
      if (channel.write(buffer) == 0) {
        outboundFull = true;
        return false;
      }
    }
    outboundFull = false;
    return true;
  }

  void writeDone(IoTask<?> task) {
    if (pendingWrite == task) {
      pendingWrite = null;
    }
  }

  /**
   * Finishes when every byte written so far has been handed to the kernel, like
   * {@link java.io.OutputStream#flush()}. Spindle keeps no buffer of its own, so this waits only
   * for a write still in flight, and fails as it does.
   */
  @Override
  public Task<Void> flush() {
    Task<Void> refused = refuse("flush()", null);
    if (refused != null) {
      return refused;
    }
    IoTask<?> inFlight = pendingWrite;
    if (!(inFlight instanceof WriteTask) || inFlight.isDone()) { // a writable() is no write
      return Task.completed();
    }
    Promise<Void> flushed = new Promise<>();
    inFlight.whenDone(done -> {
      Throwable failure = done.failureNow();
      if (failure == null) {
        flushed.complete(null);
      } else {
        flushed.fail(failure);
      }
    });
    return flushed.task();
  }

  /**
   * Sends end-of-stream to the peer (its reads return {@code -1}) while this side may still read,
   * like {@link java.net.Socket#shutdownOutput()}. Fails if a write is still in flight.
   */
  @Override
  public Task<Void> shutdownOutput() {
    Task<Void> refused = refuse("shutdownOutput()", null);
    if (refused != null) {
      return refused;
    }
    if (pendingWrite != null && !pendingWrite.isDone()) {
      return Task.failed(new IllegalStateException("AsyncTcpStream.shutdownOutput() must not be"
          + " called while a write is in flight on " + this + ": await the write (or flush())"
          + " first"));
    }
    try {
      channel.shutdownOutput();
      return Task.completed();
    } catch (IOException failure) {
      return Task.failed(IoFailures.named(operation("shutdownOutput to"), failure));
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the connection, like {@link java.net.Socket#close()}: a read or write in flight fails
   * with {@link ChannelClosedException}, the selector key is cancelled. Any thread (off the loop
   * the close runs on the loop's next turn); closing twice does nothing.
   */
  @Override
  public Task<Void> close() {
    if (loop.inLoop()) {
      return closeNow();
    }
    Promise<Void> done = new Promise<>();
    loop.execute(() -> {
      Task<Void> closedTask = closeNow();
      Throwable failure = closedTask.failureNow();
      if (failure == null) {
        done.complete(null);
      } else {
        done.fail(failure);
      }
    });
    return done.task();
  }

  private Task<Void> closeNow() {
    if (closed) {
      return Task.completed();
    }
    closed = true;
    registration.deregister();
    if (readTimeout != null) {
      readTimeout.stop();
    }
    IoTask<?> read = pendingRead;
    IoTask<?> write = pendingWrite;
    pendingRead = null;
    pendingWrite = null;
    try {
      channel.close();
      Faults.check(Faults.Operation.CLOSE, this);
      return Task.completed();
    } catch (IOException failure) {
      return Task.failed(IoFailures.named(operation("close of the connection to"), failure));
    } finally {
      if (read != null) {
        read.closed();
      }
      if (write != null) {
        write.closed();
      }
      LoopAccess.get().reactor(loop).channelClosed(); // a descriptor is free: a paused listener may accept
    }
  }

  /** Closes after a failed or cancelled connect; loop thread. */
  void closeQuietly() {
    closed = true;
    registration.deregister();
    closeQuietly(channel);
    LoopAccess.get().reactor(loop).channelClosed();
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the connection never carried data; nothing to report beyond the original failure
      }
    }
  }

  /** Whether {@link #close()} has not run yet. */
  public boolean isOpen() {
    return channel.isOpen();
  }

  // ---------------------------------------------------------------- addresses

  /** This side's address, like {@link java.net.Socket#getLocalSocketAddress()}. */
  public SocketAddress localAddress() {
    return localAddress;
  }

  /** The peer's address, like {@link java.net.Socket#getRemoteSocketAddress()}. */
  public SocketAddress remoteAddress() {
    return remoteAddress;
  }

  /** The key of this stream's selector registration, for tests; loop thread only. */
  Registration registration() {
    return registration;
  }

  @Override
  public String toString() {
    return "AsyncTcpStream[" + localAddress + " -> " + remoteAddress + "]";
  }

  /** For failure messages: {@code "read from 127.0.0.1:80 (local 127.0.0.1:51234)"}. */
  String operation(String verb) {
    SocketAddress local = localAddress;
    return verb + " " + IoFailures.address(remoteAddress)
        + (local == null ? "" : " (local " + IoFailures.address(local) + ")");
  }

  // ---------------------------------------------------------------- rules

  /** A failed task if {@code operation} may not start now, else {@code null}. */
  private <T> Task<T> refuse(String operation, IoTask<?> inFlight) {
    if (!loop.inLoop()) {
      return Task.failed(new IllegalStateException("AsyncTcpStream." + operation + " must be"
          + " called on the stream's event-loop thread (" + loop + "), not "
          + Thread.currentThread().getName() + ": streams belong to the loop that opened them"));
    }
    if (closed) {
      return Task.failed(new ChannelClosedException("AsyncTcpStream." + operation + " on "
          + this + " must not be called after close(): the stream is closed"));
    }
    if (inFlight != null && !inFlight.isDone()) {
      String kind = operation.startsWith("writ") ? "write" : "read"; // writable() waits as a write
      return Task.failed(new IllegalStateException("AsyncTcpStream." + operation + " must not"
          + " be called while another " + kind + " is pending on " + this + ": one " + kind
          + " at a time per stream; await the first " + kind + " before starting the next"));
    }
    return null;
  }

  /** Parks {@code task} on the registration; a failure to register fails the task. */
  private <T> Task<T> park(Interest interest, IoTask<T> task) {
    try {
      registration.await(interest, task);
    } catch (IOException | RuntimeException failure) {
      task.released();
      return Task.failed(failure);
    }
    return task;
  }
}
