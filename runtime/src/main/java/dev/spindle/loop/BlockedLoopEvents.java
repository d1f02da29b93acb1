package dev.spindle.loop;

import dev.spindle.diagnostics.BlockedLoopEvent;

/**
 * Commits {@link BlockedLoopEvent}s when JFR is there to take them: on a runtime without the
 * {@code jdk.jfr} module (a jlink image without it), or in a module graph where this one cannot
 * read it, the event class is never loaded.
 */
final class BlockedLoopEvents {
  private static final boolean JFR = ModuleLayer.boot().findModule("jdk.jfr")
      .map(jfr -> BlockedLoopEvents.class.getModule().canRead(jfr)).orElse(false);

  private BlockedLoopEvents() {}

  static void commit(Object loop, Thread loopThread, long blockedNanos, long thresholdNanos,
      StackTraceElement[] stack) {
    if (JFR) {
      BlockedLoopEvent.commit(String.valueOf(loop), loopThread, blockedNanos, thresholdNanos,
          stack);
    }
  }
}
