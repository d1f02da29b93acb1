package dev.spindle.sync;

import dev.spindle.Task;
import java.util.ArrayDeque;

/**
 * The queue of permits behind {@link AsyncSemaphore} and {@link AsyncMutex}: strictly FIFO (a
 * permit released while tasks wait goes to the first of them, never to a newcomer), one private
 * lock never held while a task is completed.
 */
final class FairPermits {
  private final Object lock = new Object();
  /** Most permits it may hold; a release beyond it is a bug in the caller. */
  private final int most;
  /** Guarded by {@link #lock}: free permits; zero while tasks wait. */
  private int permits;
  /** Guarded by {@link #lock}: acquisitions waiting, first come first served. */
  private final ArrayDeque<Acquire> waiting = new ArrayDeque<>();

  FairPermits(int permits, int most) {
    this.permits = permits;
    this.most = most;
  }

  Task<Void> acquire() {
    synchronized (lock) {
      if (permits > 0) {
        permits--;
        return Task.completed();
      }
      Acquire acquire = new Acquire(this);
      waiting.addLast(acquire);
      return acquire;
    }
  }

  boolean tryAcquire() {
    synchronized (lock) {
      if (permits > 0) {
        permits--;
        return true;
      }
      return false;
    }
  }

  /** Gives a permit back: to the first waiting task, else to the pool. False if it was full. */
  boolean release() {
    Acquire next;
    synchronized (lock) {
      next = waiting.pollFirst(); // queued ones are never withdrawn: a cancel removes its own
      if (next == null) {
        if (permits >= most) {
          return false;
        }
        permits++;
        return true;
      }
      next.claim();
    }
    next.handOver(null);
    return true;
  }

  int available() {
    synchronized (lock) {
      return permits;
    }
  }

  int waiting() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  boolean withdraw(Acquire acquire) {
    synchronized (lock) {
      if (!acquire.claim()) {
        return false;
      }
      waiting.remove(acquire);
      return true;
    }
  }

  /** A waiting {@link #acquire()}. */
  static final class Acquire extends Waiting<Void> {
    private final FairPermits permits;

    Acquire(FairPermits permits) {
      this.permits = permits;
    }

    @Override
    boolean withdraw() {
      return permits.withdraw(this);
    }
  }
}
