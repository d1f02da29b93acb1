package dev.spindle.loop;

import dev.spindle.timer.Timers;
import java.util.concurrent.Executor;

/**
 * The event loop's internals, for Spindle's own packages ({@code io}) and tests: the JDK's
 * {@code SharedSecrets} pattern. The loop's static initializer installs the one instance, so the
 * loop's public face keeps only what users call. This package sits below the loop and cannot name
 * it: the loop is passed as the {@link Executor} it is, and must be an {@code EventLoop}.
 */
public final class LoopAccess {
  private static Internals internals;

  private LoopAccess() {}

  /** What the loop lends its own packages; every method takes the loop. */
  public interface Internals {
    /** The loop's reactor; loop thread only. */
    Reactor reactor(Executor loop);

    /** The loop's timers, for tests and diagnostics; loop thread only. */
    Timers timers(Executor loop);

    /**
     * The loop's clock as read once per turn, after the turn's poll (see
     * {@code EventLoop.turnNanos}); loop thread only.
     */
    long turnNanos(Executor loop);

    /** The loop's clock, read now. Any thread. */
    long nanoTime(Executor loop);

    /**
     * How much work waits on the loop: queued work, what waits for the next turn and posts not
     * yet taken from the inbox. For tests and diagnostics; loop thread only.
     */
    int queuedWork(Executor loop);
  }

  /**
   * The loop's internals. Whoever holds a loop has loaded its class, whose initializer installed
   * them (class initialization orders that write before this read on every thread).
   */
  public static Internals get() {
    return internals;
  }

  /** For the loop's static initializer only; a second call fails. */
  public static void install(Internals loopInternals) {
    if (internals != null) {
      throw new IllegalStateException("LoopAccess.install() must be called once, by EventLoop's"
          + " static initializer; it was called again with " + loopInternals);
    }
    internals = loopInternals;
  }
}
