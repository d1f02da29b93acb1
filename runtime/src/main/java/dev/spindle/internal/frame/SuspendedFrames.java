package dev.spindle.internal.frame;

import dev.spindle.task.Scheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debug tracking for {@code EventLoop.dump()}: with {@code -Dspindle.debug=true}, every call
 * suspended on a loop is in one set from its suspension to its resumption. Without it, nothing
 * is tracked and nothing is paid: {@link #TRACKING} is a constant, so the JIT drops the branches
 * that test it.
 *
 * <p>One set for all loops, each frame knowing its loop, rather than a set per loop: a frame can
 * then reach it without asking its loop for anything. A concurrent map, so that a dump from
 * another thread (while the loop is blocked, say) can read it; the loop threads write it.
 */
public final class SuspendedFrames {
  /** The system property that turns tracking on, read once. */
  public static final String DEBUG_PROPERTY = "spindle.debug";
  /** Whether suspended calls are tracked; fixed for the life of the JVM. */
  public static final boolean TRACKING = Boolean.getBoolean(DEBUG_PROPERTY);

  /** Each suspended call on a loop, and when it suspended ({@link System#nanoTime()}). */
  private static final ConcurrentHashMap<AsyncFrame<?>, Long> SUSPENDED =
      new ConcurrentHashMap<>();

  private SuspendedFrames() {}

  /** {@code frame} suspended, on its loop thread (frames outside any loop are not tracked). */
  static void suspended(AsyncFrame<?> frame) {
    // Now, while the stack still shows the method; for frames outside any loop too, since a
    // dump may meet them in a chain (and a dump's own stack would name the wrong method).
    FrameSites.of(frame.resumer());
    if (frame.loop() != null) {
      SUSPENDED.put(frame, System.nanoTime());
    }
  }

  /** {@code frame} resumes, on its loop thread. */
  static void resumed(AsyncFrame<?> frame) {
    SUSPENDED.remove(frame);
  }

  /** Forgets the calls left suspended on {@code loop}, which has stopped and never resumes them. */
  public static void loopStopped(Scheduler loop) {
    if (TRACKING) {
      SUSPENDED.keySet().removeIf(frame -> frame.loop() == loop);
    }
  }

  /** The text of {@code EventLoop.dump()}. Any thread. */
  public static String dump(Executor loop, Scheduler scheduler, long loopNow) {
    if (!TRACKING) {
      return loop + ": suspended tasks are not tracked; run with -D" + DEBUG_PROPERTY
          + "=true to list them here\n";
    }
    return LoopDump.of(loop, scheduler, loopNow, SUSPENDED);
  }
}
