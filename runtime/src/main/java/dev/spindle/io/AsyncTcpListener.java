package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import dev.spindle.loop.InstalledTrace;
import dev.spindle.loop.Interest;
import dev.spindle.loop.LoopAccess;
import dev.spindle.loop.Registration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening TCP socket whose accepts are tasks: a {@link java.net.ServerSocket} that does not
 * block, or an {@link java.nio.channels.AsynchronousServerSocketChannel} with tasks instead of
 * futures.
 *
 * <pre>{@code
 * try (AsyncTcpListener listener = AsyncTcpListener.bind(new InetSocketAddress(7878))) {
 *   AsyncIterator<AsyncTcpStream> connections = listener.incoming();
 *   for (AsyncTcpStream conn; (conn = await(connections.next())) != null; ) {
 *     EventLoop.spawn(handle(conn));
 *   }
 * }
 * }</pre>
 *
 * <p>Threading: {@link #bind} and {@link #of} may run on any thread; the listener then belongs
 * to the loop of its first {@link #accept()}, and accepts run on that loop's thread. The accepted
 * streams belong to the same loop. {@link #close()} may be called from any thread.
 *
 * <p>A listener bound to an {@link EventLoopGroup} ({@link #bind(SocketAddress, EventLoopGroup)})
 * is served by every loop of the group: each loop runs its own accept loop, and a connection it
 * accepts belongs to it for the connection's whole life.
 */
public final class AsyncTcpListener implements AutoCloseable {
  /** Backlog of {@link #bind(SocketAddress)}: enough for a burst of a thousand connects. */
  public static final int DEFAULT_BACKLOG = 1024;

  /** {@code null} for a listener bound to a group: its {@link #spread} holds the sockets. */
  final ServerSocketChannel channel;
  /** How a listener bound to a group hands connections to its loops; {@code null} otherwise. */
  private final LoopSpread spread;
  /** Set once on the first accept's loop thread; read by any thread in {@link #close()}. */
  volatile EventLoop loop;
  /** Loop thread only: created with {@link #loop}. */
  Registration registration;
  /** Loop thread only: created with {@link #loop}; pauses accepting while descriptors run out. */
  private AcceptBackoff backoff;
  /** Loop thread only: the accept in flight, or {@code null}. */
  private AcceptTask pendingAccept;
  /** Any thread sets it in {@link #close()}; the loop reads it. */
  private volatile boolean closed;
  private final SocketAddress localAddress;

  private AsyncTcpListener(ServerSocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    this.channel = channel;
    this.spread = null;
    this.localAddress = channel.getLocalAddress();
    ExhaustionReport.prepare(); // now, not during a shortage: see AcceptBackoff
  }

  private AsyncTcpListener(LoopSpread spread, SocketAddress localAddress) {
    this.channel = null;
    this.spread = spread;
    this.localAddress = localAddress;
  }

  /**
   * Listens on {@code address} with every loop of {@code group}, as Netty's and tokio's
   * multi-threaded servers do: each loop calls {@link #accept()} or {@link #incoming()} (its own
   * accept loop, started with {@link EventLoopGroup#submitToEach}) and serves the connections it
   * gets there for their whole life; a stream used from another loop refuses, as every stream
   * does. On Linux each loop has its own socket bound with {@code SO_REUSEPORT}, and the kernel
   * spreads incoming connections over them (by a hash of the client's address and port), so
   * loops share nothing. Elsewhere, or with {@code -Dspindle.reusePort=false}, one socket is
   * accepted on the group's first loop, which hands the connections round robin to every loop
   * of the group, itself included. Every loop must run an accept loop: with {@code SO_REUSEPORT}
   * the connections the kernel gives a loop that never accepts wait in that loop's backlog.
   *
   * @throws UncheckedIOException if the address cannot be bound (in use, no permission)
   */
  public static AsyncTcpListener bind(SocketAddress address, EventLoopGroup group) {
    return bind(address, group, ReusePortSpread.usable());
  }

  /** {@link #bind(SocketAddress, EventLoopGroup)}, choosing the way to spread; for tests. */
  static AsyncTcpListener bind(SocketAddress address, EventLoopGroup group, boolean reusePort) {
    if (group == null) {
      throw new NullPointerException("AsyncTcpListener.bind(address, group) must be given a"
          + " group: null; use AsyncTcpListener.bind(address) for one loop");
    }
    LoopSpread spread = reusePort ? ReusePortSpread.bind(address, group)
        : HandoffSpread.bind(address, group);
    return new AsyncTcpListener(spread, spread.localAddress());
  }

  /** One socket of a group listener, bound with {@code SO_REUSEPORT}; see {@link ReusePortSpread}. */
  static AsyncTcpListener bindReusingPort(SocketAddress address) {
    return bind(address, DEFAULT_BACKLOG, true);
  }

  /**
   * Listens on {@code address} (port 0 picks a free port; see {@link #localAddress()}), with
   * {@code SO_REUSEADDR} and a backlog of {@value #DEFAULT_BACKLOG}.
   *
   * @throws UncheckedIOException if the address cannot be bound (in use, no permission)
   */
  public static AsyncTcpListener bind(SocketAddress address) {
    return bind(address, DEFAULT_BACKLOG);
  }

  /** {@link #bind(SocketAddress)} with the given accept backlog. */
  public static AsyncTcpListener bind(SocketAddress address, int backlog) {
    return bind(address, backlog, false);
  }

  private static AsyncTcpListener bind(SocketAddress address, int backlog, boolean reusePort) {
    ServerSocketChannel channel = null;
    try {
      channel = ServerSocketChannel.open();
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      if (reusePort) {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      channel.bind(address, backlog);
      return new AsyncTcpListener(channel);
    } catch (IOException failure) {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException suppressed) {
          failure.addSuppressed(suppressed);
        }
      }
      IOException named = IoFailures.named("bind to " + IoFailures.address(address), failure);
      throw new UncheckedIOException("AsyncTcpListener.bind(" + address + ") failed: " + named
          + "; is another process listening there?", named);
    }
  }

  /**
   * Turns an existing, bound {@link ServerSocketChannel} (from a launcher, systemd, a test)
   * into an async listener; it is switched to non-blocking mode and owned by the listener.
   */
  public static AsyncTcpListener of(ServerSocketChannel channel) {
    try {
      if (channel.getLocalAddress() == null) {
        throw new IllegalArgumentException("AsyncTcpListener.of(channel) must be given a bound"
            + " channel: " + channel + " is not bound; call channel.bind(address) first");
      }
      return new AsyncTcpListener(channel);
    } catch (IOException failure) {
      throw new UncheckedIOException("AsyncTcpListener.of(" + channel + ") failed: " + failure,
          failure);
    }
  }

  /**
   * The next incoming connection, like {@link java.net.ServerSocket#accept()} without blocking.
   * Fails with {@link ChannelClosedException} if the listener is (or gets) closed. One accept in
   * flight at a time. Must be called on an event-loop thread.
   */
  public Task<AsyncTcpStream> accept() {
    return accept(false);
  }

  /**
   * The incoming connections as an async sequence that ends with {@code null} once the listener
   * is closed (also when the close interrupts a pending {@code next()}).
   */
  public AsyncIterator<AsyncTcpStream> incoming() {
    return () -> closed ? Task.completed(null) : accept(true);
  }

  /** {@link #accept()}, or with {@code nullWhenClosed} {@code incoming().next()}. */
  Task<AsyncTcpStream> accept(boolean nullWhenClosed) {
    if (spread != null) {
      return spread.accept(nullWhenClosed);
    }
    Task<AsyncTcpStream> refused = refuse();
    if (refused != null) {
      return refused;
    }
    if (!backoff.paused()) {
      SocketChannel accepted;
      try {
        accepted = acceptNow();
      } catch (IOException failure) {
        accepted = null;
        if (!backoff.pauseIfExhausted(failure)) {
          return Task.failed(IoFailures.named(operation(), failure));
        }
      }
      if (accepted != null) {
        try {
          return Task.completed(AsyncTcpStream.accepted(accepted, loop));
        } catch (IOException failure) {
          return Task.failed(IoFailures.named(operation(), failure));
        }
      }
    }
    AcceptTask task = new AcceptTask(this, nullWhenClosed);
    pendingAccept = task;
    if (backoff.paused()) {
      return task; // resumeAccepting() tries it
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("accept would block on " + this);
    }
    return park(task);
  }

  /**
   * One accept system call: a connection, or {@code null} when none is waiting. Tells the
   * back-off about progress; a failure is the caller's to handle.
   */
  SocketChannel acceptNow() throws IOException {
    Faults.check(Faults.Operation.ACCEPT, this);
    SocketChannel accepted = channel.accept();
    if (accepted != null) {
      backoff.accepted();
    } else {
      backoff.caughtUp();
    }
    return accepted;
  }

  /** Pauses accepting if {@code failure} is a shortage that passes; see {@link AcceptBackoff}. */
  boolean pauseIfExhausted(IOException failure) {
    return backoff.pauseIfExhausted(failure);
  }

  /** Ends a pause (its back-off ran out, or a connection closed): tries the pending accept. */
  private void resumeAccepting() {
    if (!backoff.paused()) {
      return; // already resumed by the other of timer and close
    }
    backoff.resumed();
    AcceptTask task = pendingAccept;
    if (closed || task == null || task.isDone()) {
      return; // the next accept() tries at once
    }
    if (task.retry() || backoff.paused()) {
      return; // finished (a connection or a failure), or short again and paused anew
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("accept would block on " + this);
    }
    park(task);
  }

  /** Waits for {@code OP_ACCEPT}; a failure to register fails {@code task}. */
  private Task<AsyncTcpStream> park(AcceptTask task) {
    try {
      registration.await(Interest.ACCEPT, task);
    } catch (IOException | RuntimeException failure) {
      task.fail(failure);
    }
    return task;
  }

  private Task<AsyncTcpStream> refuse() {
    EventLoop current = EventLoop.currentOrNull();
    if (loop == null && current != null) {
      loop = current;
      registration = new Registration(LoopAccess.get().reactor(current), channel, this);
      backoff = new AcceptBackoff(this, current, this::resumeAccepting);
    }
    if (current == null || current != loop) {
      return Task.failed(new IllegalStateException("AsyncTcpListener.accept() must be called on"
          + " the listener's event-loop thread (" + (loop == null ? "any loop" : loop) + "),"
          + " not " + Thread.currentThread().getName() + ": a listener belongs to the loop of"
          + " its first accept"));
    }
    if (closed) {
      return Task.failed(new ChannelClosedException("AsyncTcpListener.accept() on " + this
          + " must not be called after close(): the listener is closed"));
    }
    if (pendingAccept != null && !pendingAccept.isDone()) {
      return Task.failed(new IllegalStateException("AsyncTcpListener.accept() must not be called"
          + " while another accept is pending on " + this + ": one accept at a time; await the"
          + " first accept before starting the next"));
    }
    return null;
  }

  void acceptDone(AcceptTask task) {
    if (pendingAccept == task) {
      pendingAccept = null;
    }
  }

  /** The address the listener is bound to, with the actual port when bound to port 0. */
  public SocketAddress localAddress() {
    return localAddress;
  }

  /**
   * Stops listening, like {@link java.net.ServerSocket#close()}: a pending {@link #accept()}
   * fails with {@link ChannelClosedException} and a pending {@code incoming().next()} finishes
   * with {@code null}. Any thread; closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (spread != null) {
      spread.close();
      return;
    }
    EventLoop owner = loop;
    if (owner == null || owner.inLoop()) {
      closeNow();
    } else {
      try {
        owner.execute(this::closeNow);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        closeChannel(); // the loop has stopped: its selector is gone, only the socket remains
      }
    }
  }

  private void closeNow() {
    if (registration != null) {
      registration.deregister();
      backoff.stop();
    }
    closeChannel();
    if (registration != null) {
      LoopAccess.get().reactor(loop).channelClosed(); // a descriptor is free: a paused listener may try again
    }
    AcceptTask pending = pendingAccept;
    pendingAccept = null;
    if (pending != null) {
      pending.closed();
    }
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // a listening socket has nothing unsent; closing it cannot lose data
    }
  }

  @Override
  public String toString() {
    return "AsyncTcpListener[" + localAddress + "]";
  }

  /** For failure messages: {@code "accept on 127.0.0.1:8080"}. */
  String operation() {
    return "accept on " + IoFailures.address(localAddress);
  }
}
