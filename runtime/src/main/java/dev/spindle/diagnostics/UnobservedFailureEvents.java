package dev.spindle.diagnostics;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Commits {@link UnobservedFailureEvent}s, on a runtime that has JFR: where the {@code jdk.jfr}
 * module is absent (a trimmed jlink image), this does nothing and the event class is never
 * loaded.
 */
public final class UnobservedFailureEvents {
  /** The event's name in a recording. */
  public static final String NAME = "dev.spindle.UnobservedFailure";
  /** Characters of the printed stack trace kept in an event. */
  static final int TRACE_LIMIT = 8192;
  private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr")
      .map(jfr -> UnobservedFailureEvents.class.getModule().canRead(jfr)).orElse(false);

  private UnobservedFailureEvents() {}

  /** Records that {@code failure} of {@code task} (its description) was never observed. */
  public static void commit(Throwable failure, String task) {
    // Only once JFR runs: loading the first event class otherwise starts JFR's machinery, some
    // 300 ms on the loop thread that reports (and a blocked-loop warning of its own).
    if (JFR && jdk.jfr.FlightRecorder.isInitialized()) {
      Recorder.commit(failure, task);
    }
  }

  /** Loaded only when JFR is there. */
  private static final class Recorder {
    static void commit(Throwable failure, String task) {
      UnobservedFailureEvent event = new UnobservedFailureEvent();
      if (!event.shouldCommit()) {
        return; // no recording asks for it: not even the trace is printed
      }
      event.exceptionClass = failure.getClass();
      event.message = failure.getMessage();
      event.task = task;
      StringWriter printed = new StringWriter();
      failure.printStackTrace(new PrintWriter(printed));
      String trace = printed.toString();
      event.failureTrace = trace.length() <= TRACE_LIMIT ? trace
          : trace.substring(0, TRACE_LIMIT);
      event.commit();
    }
  }
}
