package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.TimerHandle;
import dev.spindle.loop.LoopAccess;
import java.time.Duration;
import java.util.HashMap;

/**
 * The streams of one loop that have the same read timeout, in the order of their deadlines, with
 * one timer for the earliest: so a thousand idle connections cost one timer, not a thousand (a
 * timer is 56 bytes and a slot in the loop's timer heap), as Netty's idle handlers share a
 * {@code HashedWheelTimer}. Equal timeouts expire in the order the reads started waiting, so
 * keeping the order costs an append: a read that waits again moves its stream to the tail.
 *
 * <p>A stream stays queued after its read finishes (nothing happens per finished read); the
 * timer drops it when its deadline comes. Loop thread only, like every field below.
 */
final class ReadTimeoutQueue implements Runnable {
  /**
   * The queues of the loop running on this thread, by timeout in nanoseconds. A thread keeps
   * those of the last loop it ran (a small map) until it runs another.
   */
  private static final ThreadLocal<Queues> QUEUES = new ThreadLocal<>();

  private final EventLoop loop;
  private final long timeoutNanos;
  private ReadTimeout head;
  private ReadTimeout tail;
  /** Armed for {@link #head}'s deadline, or {@code null} while the queue is empty. */
  private TimerHandle timer;
  /** When {@link #timer} fires. */
  private long timerDeadline;

  private ReadTimeoutQueue(EventLoop loop, long timeoutNanos) {
    this.loop = loop;
    this.timeoutNanos = timeoutNanos;
  }

  /** The queue of {@code loop} (the calling thread's) for {@code timeoutNanos}. */
  static ReadTimeoutQueue of(EventLoop loop, long timeoutNanos) {
    Queues queues = QUEUES.get();
    if (queues == null || queues.loop != loop) { // a thread may run one loop after another
      queues = new Queues(loop);
      QUEUES.set(queues);
    }
    return queues.byTimeout.computeIfAbsent(timeoutNanos, t -> new ReadTimeoutQueue(loop, t));
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  /** Queues {@code entry}, whose deadline has just been set, at its place (the tail, as a rule). */
  void add(ReadTimeout entry, long now) {
    unlink(entry); // the timer stays: re-arming it for every read would allocate a timer each
    ReadTimeout after = tail;
    while (after != null && after.deadline - entry.deadline > 0) {
      after = after.previous; // the clock went back: keep the order of deadlines
    }
    entry.previous = after;
    entry.next = after == null ? head : after.next;
    if (entry.next == null) {
      tail = entry;
    } else {
      entry.next.previous = entry;
    }
    if (after == null) {
      head = entry;
    } else {
      after.next = entry;
    }
    entry.queued = true;
    if (timer != null && timerDeadline - head.deadline > 0) {
      timer.cancel(); // the head's deadline is earlier than the armed one
      timer = null;
    }
    if (timer == null) {
      arm(now);
    }
  }

  /** Takes {@code entry} out, if queued; the timer goes with the last entry. */
  void remove(ReadTimeout entry) {
    unlink(entry);
    if (head == null && timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  private void unlink(ReadTimeout entry) {
    if (!entry.queued) {
      return;
    }
    if (entry.previous == null) {
      head = entry.next;
    } else {
      entry.previous.next = entry.next;
    }
    if (entry.next == null) {
      tail = entry.previous;
    } else {
      entry.next.previous = entry.previous;
    }
    entry.previous = null;
    entry.next = null;
    entry.queued = false;
  }

  /** The timer fired: time out every read whose deadline has come, then re-arm for the next. */
  @Override
  public void run() {
    timer = null;
    long now = LoopAccess.get().turnNanos(loop);
    while (head != null && now - head.deadline >= 0) {
      ReadTimeout due = head;
      unlink(due);
      due.expired(); // may start a read that waits, and queue this stream again
    }
    if (head != null && timer == null) {
      arm(now);
    }
  }

  private void arm(long now) {
    timerDeadline = head.deadline;
    timer = loop.runAfter(Duration.ofNanos(Math.max(0, timerDeadline - now)), this);
  }

  /** The calling thread's loop and its queues. */
  private static final class Queues {
    final EventLoop loop;
    final HashMap<Long, ReadTimeoutQueue> byTimeout = new HashMap<>();

    Queues(EventLoop loop) {
      this.loop = loop;
    }
  }
}
