package dev.spindle.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a loop thread is doing, published for {@link BlockedLoopWatchdog} at next to no cost: a
 * counter the loop moves once a turn, and once more around a poll. Odd while the loop polls
 * (waiting there is not being blocked), even while it runs user work or its own. The
 * watchdog never sees a timestamp: a count that stays even and unchanged across its samples is a
 * turn that has not ended, and the samples' own clock says for how long.
 */
public final class LoopActivity {
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(LoopActivity.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Written by the loop thread only, with an opaque store (a plain move on x86 and ARM: no
   * fence on the loop's path); read by the watchdog thread with an opaque load, which sees
   * each store eventually and never out of order with this thread's other stores to it.
   */
  private int phase;

  /** Loop thread, just before a poll: odd. */
  public void polling() {
    PHASE.setOpaque(this, phase + 1);
  }

  /**
   * Loop thread, once a turn, after its poll or where it would have polled: the next even count
   * (after a poll, one more; on a turn without one, two more), so each turn shows as a change.
   */
  public void running() {
    PHASE.setOpaque(this, (phase | 1) + 1);
  }

  /** The current count, from any thread. */
  int phase() {
    return (int) PHASE.getOpaque(this);
  }

  /** Whether {@code phase} was read while the loop polled. */
  static boolean isPolling(int phase) {
    return (phase & 1) != 0;
  }
}
