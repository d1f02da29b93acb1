package dev.spindle.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event: an event loop held by one task (or one turn of work) longer than its threshold, as
 * the blocked-loop watchdog reports it (once per episode). Committed on the watchdog thread, so
 * JFR's own stack trace would be the watchdog's: the loop thread's stack is a field instead.
 */
@Name("dev.spindle.BlockedLoop")
@Label("Blocked Event Loop")
@Category("Spindle")
@Description("A Spindle event loop held by one task or turn longer than its threshold")
@StackTrace(false)
public final class BlockedLoopEvent extends Event {
  @Label("Loop")
  String loop;

  @Label("Loop Thread")
  Thread loopThread;

  @Label("Blocked For")
  @Description("How long the loop had been in one turn when the watchdog sampled it (at least)")
  @Timespan(Timespan.NANOSECONDS)
  long blockedFor;

  @Label("Threshold")
  @Timespan(Timespan.NANOSECONDS)
  long threshold;

  @Label("Top Frame")
  String topFrame;

  @Label("Loop Thread Stack")
  String stack;

  /** Commits one event if JFR records this type. */
  public static void commit(String loop, Thread loopThread, long blockedNanos,
      long thresholdNanos, StackTraceElement[] stack) {
    BlockedLoopEvent event = new BlockedLoopEvent();
    if (!event.isEnabled()) {
      return;
    }
    event.loop = loop;
    event.loopThread = loopThread;
    event.blockedFor = blockedNanos;
    event.threshold = thresholdNanos;
    event.topFrame = stack.length == 0 ? null : stack[0].toString();
    StringBuilder text = new StringBuilder();
    for (StackTraceElement frame : stack) {
      text.append("at ").append(frame).append('\n');
    }
    event.stack = text.toString();
    event.commit();
  }
}
