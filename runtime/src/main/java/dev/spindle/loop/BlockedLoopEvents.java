package dev.spindle.loop;

import dev.spindle.diagnostics.BlockedLoopEvent;

/**
 * Commits {@link BlockedLoopEvent}s when JFR is there to take them: on a runtime without the
 * {@code jdk.jfr} module (a jlink image without it), or in a module graph where this one cannot
 * read it, the event class is never loaded; and while no recording was ever started, it is not
 * loaded either (the first event class would start JFR's machinery, 300 ms or more, for an event
 * nobody records).
 */
final class BlockedLoopEvents {
  private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr")
      .map(jfr -> BlockedLoopEvents.class.getModule().canRead(jfr)).orElse(false);

  private BlockedLoopEvents() {}

  static void commit(Object loop, Thread loopThread, long blockedNanos, long thresholdNanos,
      StackTraceElement[] stack) {
    if (JFR && jdk.jfr.FlightRecorder.isInitialized()) {
      BlockedLoopEvent.commit(String.valueOf(loop), loopThread, blockedNanos, thresholdNanos,
          stack);
    }
  }
}
