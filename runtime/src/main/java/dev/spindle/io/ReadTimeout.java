package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.loop.LoopAccess;
import java.time.Duration;

/**
 * The read timeout of one {@link AsyncTcpStream} ({@link AsyncTcpStream#setReadTimeout}), as
 * Netty's {@code IdleStateHandler}: no timer of its own, but a place in the loop's {@link
 * ReadTimeoutQueue} for its timeout, whose one timer serves every stream with that timeout.
 *
 * <p>Each read (or {@code readable()}) that has to wait records its deadline and moves the stream
 * to the tail of the queue; nothing else happens per read. When the deadline comes, a read still
 * waiting fails with {@link java.util.concurrent.TimeoutException}; a read that finished is
 * simply forgotten. Deadlines count from the loop's reading of the clock for the turn
 * ({@code EventLoop.turnNanos()}), so a read costs no clock read either.
 *
 * <p>Loop thread only, like every field below.
 */
final class ReadTimeout {
  private final EventLoop loop;
  /** {@code null}: reads wait as long as it takes. */
  private ReadTimeoutQueue queue;
  /** The last read that had to wait, or {@code null}. */
  private IoTask<?> watched;
  /** When {@link #watched} times out; read by the queue. */
  long deadline;
  /** The queue's links; {@link #queued} tells whether they are in use. */
  ReadTimeout previous;
  ReadTimeout next;
  boolean queued;

  ReadTimeout(EventLoop loop) {
    this.loop = loop;
  }

  /** Zero: no timeout. Applies to reads that start waiting from now on. */
  void set(Duration timeout) {
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException beyondLong) {
      nanos = Long.MAX_VALUE;
    }
    if (queue != null) {
      queue.remove(this);
    }
    watched = null;
    queue = nanos == 0 ? null : ReadTimeoutQueue.of(loop, nanos);
  }

  Duration get() {
    return Duration.ofNanos(queue == null ? 0 : queue.timeoutNanos());
  }

  /** {@code read} has to wait: it fails if it still waits after the timeout. */
  void watch(IoTask<?> read) {
    if (queue == null) {
      return;
    }
    long now = LoopAccess.get().turnNanos(loop);
    watched = read;
    deadline = now + queue.timeoutNanos();
    if (deadline < now) {
      deadline = Long.MAX_VALUE; // saturate: a timeout near Long.MAX_VALUE means "never"
    }
    queue.add(this, now);
  }

  /** The deadline came (the queue has taken this out): time out the read if it still waits. */
  void expired() {
    IoTask<?> read = watched;
    watched = null;
    if (read != null && !read.isDone()) {
      read.timedOut(Duration.ofNanos(queue.timeoutNanos()));
    }
  }

  /** The stream closed: leave the queue, so that it holds nothing of this stream. */
  void stop() {
    watched = null;
    if (queue != null) {
      queue.remove(this);
    }
  }
}
