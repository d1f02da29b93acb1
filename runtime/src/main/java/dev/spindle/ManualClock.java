package dev.spindle;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told, so that timer tests never sleep: a loop built with it waits
 * for {@link #advance} instead of for real time (as kotlinx-coroutines' {@code TestCoroutineScheduler}
 * or tokio's paused clock). Thread-safe; advancing from another thread wakes the loops using it.
 */
public final class ManualClock implements Clock {
  private final AtomicLong now;
  /** Loops that use this clock; each is woken when time moves. */
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** A clock at time zero. */
  public ManualClock() {
    this(0);
  }

  /** A clock at {@code startNanos}. */
  public ManualClock(long startNanos) {
    this.now = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  /** Moves time forward by {@code amount}; due timers fire on their loop's next turn. */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("ManualClock.advance(amount) must move time forward: "
          + amount + "; time never goes back");
    }
    now.addAndGet(amount.toNanos());
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  /** For the event loop: {@code wakeUp} runs after every {@link #advance}. */
  void addListener(Runnable wakeUp) {
    listeners.add(wakeUp);
  }

  /** For the event loop, when it stops. */
  void removeListener(Runnable wakeUp) {
    listeners.remove(wakeUp);
  }
}
