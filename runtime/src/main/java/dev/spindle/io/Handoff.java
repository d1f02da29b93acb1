package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One loop's side of a {@link HandoffSpread}: the connections handed to the loop and not yet
 * accepted there, and the accept waiting for one. Loop thread only: the acceptor posts every
 * delivery through the loop's inbox.
 */
final class Handoff {
  final EventLoop loop;
  private final HandoffSpread spread;
  private final ArrayDeque<SocketChannel> ready = new ArrayDeque<>();
  /** The accept waiting for a connection, or {@code null}. */
  private Promise<AsyncTcpStream> pending;
  private boolean pendingWantsNullWhenClosed;
  /** Why accepting ended (a {@link ChannelClosedException} after a close), or {@code null}. */
  private Throwable stopped;

  Handoff(EventLoop loop, HandoffSpread spread) {
    this.loop = loop;
    this.spread = spread;
  }

  Task<AsyncTcpStream> accept(boolean nullWhenClosed) {
    if (pending != null && !pending.task().isDone()) {
      return Task.failed(new IllegalStateException("AsyncTcpListener.accept() must not be called"
          + " while another accept is pending on this loop (" + loop + "): one accept at a time"
          + " per loop; await the first accept before starting the next"));
    }
    SocketChannel channel = ready.pollFirst();
    if (channel != null) {
      return stream(channel);
    }
    if (stopped != null) {
      return ended(nullWhenClosed);
    }
    pending = new Promise<>();
    pendingWantsNullWhenClosed = nullWhenClosed;
    return pending.task();
  }

  /** A connection from the acceptor. */
  void deliver(SocketChannel channel) {
    Promise<AsyncTcpStream> waiting = pending;
    if (waiting != null && !waiting.task().isDone()) {
      pending = null;
      Task<AsyncTcpStream> stream = stream(channel);
      Throwable failure = stream.failureNow();
      if (failure != null) {
        waiting.fail(failure);
      } else {
        waiting.complete(stream.resultNow());
      }
    } else if (stopped != null) {
      Handoff.closeQuietly(channel);
    } else {
      ready.addLast(channel);
    }
  }

  /** The acceptor stopped: closed, or failed with {@code failure}. */
  void acceptorStopped(Throwable failure) {
    stopped = failure;
    for (SocketChannel channel; (channel = ready.pollFirst()) != null; ) {
      Handoff.closeQuietly(channel); // nobody accepts on a closed listener
    }
    Promise<AsyncTcpStream> waiting = pending;
    pending = null;
    if (waiting != null) {
      if (failure instanceof ChannelClosedException && pendingWantsNullWhenClosed) {
        waiting.complete(null);
      } else {
        waiting.fail(failure);
      }
    }
  }

  private Task<AsyncTcpStream> ended(boolean nullWhenClosed) {
    if (stopped instanceof ChannelClosedException) {
      return nullWhenClosed ? Task.completed(null) : Task.failed(new ChannelClosedException(
          "AsyncTcpListener.accept() on " + spread.localAddress() + " must not be called after"
          + " close(): the listener is closed"));
    }
    return Task.failed(stopped);
  }

  private Task<AsyncTcpStream> stream(SocketChannel channel) {
    try {
      return Task.completed(AsyncTcpStream.accepted(channel, loop));
    } catch (IOException failure) {
      return Task.failed(IoFailures.named(spread.operation(), failure));
    }
  }

  /** Closes a connection nobody will serve; closing a fresh socket loses nothing. */
  static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was read from or written to it
    }
  }
}
