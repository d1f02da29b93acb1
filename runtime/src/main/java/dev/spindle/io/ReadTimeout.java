package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.TimerHandle;
import dev.spindle.loop.LoopAccess;
import java.time.Duration;

/**
 * The read timeout of one {@link AsyncTcpStream} ({@link AsyncTcpStream#setReadTimeout}): one
 * timer per stream, re-armed lazily, as Netty's {@code IdleStateHandler} does, instead of a timer
 * per read as {@link dev.spindle.Task#orTimeout} needs.
 *
 * <p>Each read that has to wait records its deadline here; nothing else happens per read. The
 * timer, armed for the earliest deadline it has been asked to cover, looks at the read it watches
 * when it fires: a read that finished is forgotten (the timer lapses, the next waiting read arms
 * a new one), a read whose deadline has moved on re-arms the timer for that deadline, a read
 * still waiting at its deadline fails with {@link java.util.concurrent.TimeoutException}. So a
 * busy connection costs one timer per timeout period, not one per read. Deadlines count from
 * the loop's reading of the clock for the turn ({@code EventLoop.turnNanos()}), so a read costs
 * no clock read either.
 *
 * <p>Loop thread only, like every field below.
 */
final class ReadTimeout implements Runnable {
  private final EventLoop loop;
  /** 0: reads wait as long as it takes. */
  private long timeoutNanos;
  /** The timer, or {@code null} when none is armed. */
  private TimerHandle timer;
  /** When {@link #timer} fires. */
  private long timerDeadline;
  /** The last read (or readable()) that had to wait, or {@code null}. */
  private IoTask<?> watched;
  /** When {@link #watched} times out. */
  private long deadline;

  ReadTimeout(EventLoop loop) {
    this.loop = loop;
  }

  /** Zero: no timeout. Applies to reads that start waiting from now on. */
  void set(Duration timeout) {
    try {
      timeoutNanos = timeout.toNanos();
    } catch (ArithmeticException beyondLong) {
      timeoutNanos = Long.MAX_VALUE;
    }
  }

  Duration get() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** {@code read} has to wait: it fails if it still waits after the timeout. */
  void watch(IoTask<?> read) {
    if (timeoutNanos == 0) {
      return;
    }
    long now = LoopAccess.get().turnNanos(loop);
    watched = read;
    deadline = now + timeoutNanos;
    if (deadline < now) {
      deadline = Long.MAX_VALUE; // saturate: a timeout near Long.MAX_VALUE means "never"
    }
    if (timer != null && timerDeadline > deadline) {
      timer.cancel(); // the timeout was shortened: an earlier deadline needs an earlier timer
      timer = null;
    }
    if (timer == null) {
      arm(now);
    }
  }

  /** The timer fired: time out the watched read, or re-arm for its later deadline. */
  @Override
  public void run() {
    timer = null;
    IoTask<?> read = watched;
    if (read == null || read.isDone()) {
      watched = null;
      return; // nothing waits: the next read that waits arms a timer again
    }
    long now = LoopAccess.get().turnNanos(loop);
    if (now - deadline < 0) {
      arm(now);
      return;
    }
    watched = null;
    read.timedOut(Duration.ofNanos(timeoutNanos));
  }

  /** The stream closed: drop the timer, so that it holds nothing until it would fire. */
  void stop() {
    watched = null;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void arm(long now) {
    timerDeadline = deadline;
    timer = loop.runAfter(Duration.ofNanos(deadline - now), this);
  }
}
