package dev.spindle.timer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * One scheduled action in a {@link Timers} heap: ordered by (deadline, sequence), so timers with
 * the same deadline fire in the order they were added. Not final only so that the loop's timer
 * can also be the user's {@code dev.spindle.TimerHandle} (one object per timer) while this
 * package stays below {@code dev.spindle}.
 */
public class Timer {
  private static final int PENDING = 0;
  private static final int FIRED = 1;
  private static final int CANCELLED = 2;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Timer.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final long deadline;
  /** Loop thread only: assigned by {@link Timers#add}. */
  long sequence;
  /** Loop thread only: position in the heap, or -1 when not in it. */
  int index = -1;

  private final Runnable action;
  private final Timers owner;
  /** Hands a cancel from another thread to the loop, which alone touches the heap. */
  private final Executor loop;
  private final Thread loopThread;
  /**
   * PENDING, then FIRED (loop thread) or CANCELLED (any thread); one compare-and-set decides. A
   * field with a VarHandle rather than an AtomicInteger: one object per timer, not two.
   */
  private volatile int state = PENDING;

  /**
   * A timer that runs {@code action} on the loop at {@code deadline} (nanoseconds on the loop's
   * clock). Any thread may create it; it is added to {@code owner} on the loop thread.
   */
  public Timer(long deadline, Runnable action, Timers owner, Executor loop, Thread loopThread) {
    this.deadline = deadline;
    this.action = action;
    this.owner = owner;
    this.loop = loop;
    this.loopThread = loopThread;
  }

  /** The deadline on the loop's clock, in nanoseconds. */
  public final long deadline() {
    return deadline;
  }

  /** Whether neither fired nor cancelled. */
  public final boolean isPending() {
    return state == PENDING;
  }

  /**
   * Stops the action from running and removes the timer from its loop; any thread. True if this
   * call stopped it.
   */
  public boolean cancel() {
    if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
      return false;
    }
    if (Thread.currentThread() == loopThread) {
      owner.remove(this);
    } else {
      try {
        loop.execute(() -> owner.remove(this));
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the loop has stopped, and its timers with it: nothing left to remove
      }
    }
    return true;
  }

  /** Loop thread: claims the timer for running; false if it was cancelled first. */
  boolean claim() {
    return STATE.compareAndSet(this, PENDING, FIRED);
  }

  /** Loop thread: runs the action of a claimed timer. */
  public final void run() {
    action.run();
  }

  @Override
  public String toString() {
    return "Timer[deadline=" + deadline + ", sequence=" + sequence + ", "
        + (state == PENDING ? "pending" : state == FIRED ? "fired" : "cancelled") + "]";
  }
}
