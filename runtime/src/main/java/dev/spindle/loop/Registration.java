package dev.spindle.loop;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One channel's place in a {@link Reactor}: its {@link SelectionKey} (created the first time an
 * operation would block, never for I/O that completes at once) and the operation waiting on each
 * side, as mio's {@code Registry} entry.
 *
 * <p>Interest ops change only when needed. Read interest stays set after a read completes, since
 * the next read usually follows at once; it is dropped lazily, the first time the selector
 * reports the channel readable with nobody waiting. Write (and connect) interest is dropped as
 * soon as nothing waits to write, so {@code OP_WRITE} is set only while a socket buffer is full.
 *
 * <p>Loop thread only: every field below is read and written by the owning loop's thread.
 */
public final class Registration {
  private final Reactor reactor;
  private final SelectableChannel channel;
  /** Names the channel in traces, through its {@code toString()}. */
  private final Object owner;
  /** {@code null} until the first wait, and again after {@link #deregister()}. */
  private SelectionKey key;
  /** The ops last given to {@link #key}; mirrors it so that no change repeats a system call. */
  private int interestOps;
  /** The read or accept waiting for readiness, or {@code null}. */
  private IoWaiter inbound;
  /** The write or connect waiting for readiness, or {@code null}. */
  private IoWaiter outbound;
  /**
   * True after a read found the socket drained (it returned fewer bytes than there was room
   * for), until the selector reports the channel readable again: a read in between would only
   * fail with would-block, so it waits for readiness without trying (see {@link
   * #inboundDrained()}).
   */
  private boolean inboundDrained;

  /**
   * A registration of {@code channel} (non-blocking) with {@code reactor}; nothing is registered
   * with the selector until an operation waits.
   */
  public Registration(Reactor reactor, SelectableChannel channel, Object owner) {
    this.reactor = reactor;
    this.channel = channel;
    this.owner = owner;
    reactor.openIfNeeded(); // a loop with a channel polls: open its selector with the first
  }

  /**
   * Parks {@code waiter} until the channel may be ready for {@code interest}, setting the
   * interest op if it is not set yet. One waiter per side; the caller enforces that rule with a
   * message that names it.
   */
  public void await(Interest interest, IoWaiter waiter) throws ClosedChannelException {
    if (key == null || !key.isValid()) {
      key = reactor.register(channel, interest.op, this);
      interestOps = interest.op;
      traceRegistered(interest.op);
    } else if ((interestOps & interest.op) == 0) {
      setInterest(interestOps | interest.op);
      traceRegistered(interest.op);
    }
    if (interest.inbound) {
      inbound = waiter;
    } else {
      outbound = waiter;
    }
  }

  /**
   * Stops asking the selector for {@code interest} while its waiter stays parked: the waiter is
   * not retried until {@link #await} asks for the interest again. For a listener short of file
   * descriptors, whose accept readiness would only repeat the failure in a busy loop.
   */
  public void pause(Interest interest) {
    dropInterest(interest.op);
  }

  /**
   * Forgets {@code waiter} (its operation was cancelled): drops its interest op, and the whole
   * key when nothing else waits, so a cancelled operation leaves nothing in the selector.
   */
  public void forget(IoWaiter waiter) {
    if (inbound == waiter) {
      inbound = null;
      dropInterest(Interest.INBOUND_OPS);
    } else if (outbound == waiter) {
      outbound = null;
      dropInterest(Interest.OUTBOUND_OPS);
    } else {
      return;
    }
    if (inbound == null && outbound == null) {
      deregister();
    }
  }

  /** Cancels the key, if any, and forgets both waiters (the channel is closing). */
  public void deregister() {
    inbound = null;
    outbound = null;
    if (key != null) {
      key.cancel();
      key = null;
      interestOps = 0;
      if (InstalledTrace.enabled()) {
        InstalledTrace.emit("deregistered " + owner);
      }
    }
  }

  /** Whether a key exists (for tests: a cancelled operation must leave none behind). */
  public boolean isRegistered() {
    return key != null && key.isValid();
  }

  /** The interest ops now set, 0 when not registered; for tests and traces. */
  public int interestOps() {
    return isRegistered() ? interestOps : 0;
  }

  /**
   * Whether the last read found nothing more to read and the selector has not reported the
   * channel readable since. A hint, as tokio's readiness tracking: a stream socket that returned
   * fewer bytes than asked has an empty receive queue, so the next read would most likely fail
   * with would-block; waiting for readiness instead saves that system call. Readiness is
   * level-triggered, so bytes that arrive meanwhile are reported at the next poll.
   */
  public boolean inboundDrained() {
    return inboundDrained;
  }

  /** Records the outcome of a read: {@code drained} when it returned less than it had room for. */
  public void inboundDrained(boolean drained) {
    inboundDrained = drained;
  }

  /** Called by the reactor when the selector reports {@code readyKey} of this registration. */
  void ready(SelectionKey readyKey) {
    if (readyKey != key) {
      return; // a stale key of this channel, already replaced
    }
    int readyOps = readyKey.readyOps();
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("woke " + owner + " with ready ops " + Interest.names(readyOps));
    }
    if ((readyOps & Interest.INBOUND_OPS) != 0) {
      inboundDrained = false;
      IoWaiter waiter = inbound;
      if (waiter == null) {
        dropInterest(Interest.INBOUND_OPS); // the lazy drop: readable, but nobody reads
      } else {
        inbound = null; // cleared first: finishing may start the next read at once
        if (!waiter.retry()) {
          inbound = waiter;
        }
      }
    }
    if ((readyOps & Interest.OUTBOUND_OPS) != 0 && readyKey == key) {
      IoWaiter waiter = outbound;
      if (waiter != null) {
        outbound = null;
        if (!waiter.retry()) {
          outbound = waiter;
        }
      }
      if (outbound == null) {
        dropInterest(Interest.OUTBOUND_OPS);
      }
    }
  }

  private void dropInterest(int ops) {
    if ((interestOps & ops) != 0) {
      setInterest(interestOps & ~ops);
    }
  }

  private void setInterest(int ops) {
    interestOps = ops;
    if (key == null) {
      return;
    }
    try {
      key.interestOps(ops);
    } catch (CancelledKeyException closed) {
      key = null; // the channel was closed under us; the next wait registers again or fails
      interestOps = 0;
    }
  }

  private void traceRegistered(int op) {
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("registered " + owner + " for " + Interest.names(op));
    }
  }
}
