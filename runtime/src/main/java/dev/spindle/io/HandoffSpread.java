package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;

/**
 * One listening socket, accepted on the group's first loop, which hands each connection to the
 * loops of the group in turn (itself included), as Netty's boss and worker groups do: for
 * systems without a balancing {@code SO_REUSEPORT}, or when asked with
 * {@code -Dspindle.reusePort=false}. The connection crosses threads once, as a bare socket,
 * before any loop has registered it; from then on it belongs to the loop it was handed to.
 */
final class HandoffSpread implements LoopSpread {
  private final EventLoopGroup group;
  private final AsyncTcpListener source;
  /** One per loop, in the group's order; each touched by its loop's thread only. */
  private final Handoff[] handoffs;
  /** The acceptor's loop thread only: the loop the next connection goes to. */
  private int nextLoop;

  private HandoffSpread(EventLoopGroup group, AsyncTcpListener source) {
    this.group = group;
    this.source = source;
    this.handoffs = new Handoff[group.size()];
    for (int i = 0; i < handoffs.length; i++) {
      handoffs[i] = new Handoff(group.loop(i), this);
    }
  }

  static HandoffSpread bind(SocketAddress address, EventLoopGroup group) {
    HandoffSpread spread = new HandoffSpread(group, AsyncTcpListener.bind(address));
    group.loop(0).execute(spread::acceptMore);
    return spread;
  }

  /** The acceptor, on the first loop: takes what is ready, then waits for more. */
  private void acceptMore() {
    while (true) {
      Task<AsyncTcpStream> next = source.accept();
      if (!next.isDone()) {
        next.whenDone(done -> {
          if (handOut(done)) {
            acceptMore();
          }
        });
        return;
      }
      if (!handOut(next)) {
        return;
      }
    }
  }

  /** Gives an accepted connection to the next loop; false when accepting has ended. */
  private boolean handOut(Task<?> accepted) {
    Throwable failure = accepted.failureNow();
    if (failure != null) {
      for (Handoff handoff : handoffs) {
        post(handoff, () -> handoff.acceptorStopped(failure));
      }
      return false;
    }
    // Bare socket: the stream made on the acceptor's loop was never registered with its
    // selector, and is dropped; the receiving loop makes its own.
    SocketChannel channel = ((AsyncTcpStream) accepted.resultNow()).channel;
    Handoff handoff = handoffs[nextLoop];
    nextLoop = (nextLoop + 1) % handoffs.length;
    if (!post(handoff, () -> handoff.deliver(channel))) {
      Handoff.closeQuietly(channel);
    }
    return true;
  }

  private static boolean post(Handoff handoff, Runnable work) {
    try {
      handoff.loop.execute(work);
      return true;
    } catch (RejectedExecutionException stopped) {
      return false; // that loop has stopped: nobody will serve it
    }
  }

  @Override
  public Task<AsyncTcpStream> accept(boolean nullWhenClosed) {
    EventLoop current = EventLoop.currentOrNull();
    int index = current == null ? -1 : group.indexOf(current);
    if (index < 0) {
      return Task.failed(ReusePortSpread.outsideGroup(group, localAddress()));
    }
    return handoffs[index].accept(nullWhenClosed);
  }

  @Override
  public SocketAddress localAddress() {
    return source.localAddress();
  }

  @Override
  public void close() {
    source.close(); // the acceptor's pending accept fails as closed: handOut tells every loop
  }

  /** For failure messages: {@code "accept on 127.0.0.1:8080"}. */
  String operation() {
    return source.operation();
  }
}
