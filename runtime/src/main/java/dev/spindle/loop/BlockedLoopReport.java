package dev.spindle.loop;

import java.util.concurrent.TimeUnit;

/**
 * How {@link BlockedLoopWatchdog} tells of a blocked loop: a {@code WARNING} through
 * {@link System.Logger} {@value #LOGGER_NAME} with the loop thread's stack as the record's
 * throwable, a JFR event {@code dev.spindle.BlockedLoop}, and an {@code INFO} note when the loop
 * runs again. Called on the watchdog thread only.
 */
final class BlockedLoopReport {
  static final String LOGGER_NAME = "dev.spindle.EventLoop";
  private static final System.Logger LOGGER = System.getLogger(LOGGER_NAME);

  private BlockedLoopReport() {}

  static void blocked(Object loop, Thread loopThread, long blockedNanos, long thresholdNanos,
      StackTraceElement[] stack, boolean movedOn) {
    long blockedMillis = TimeUnit.NANOSECONDS.toMillis(blockedNanos);
    long thresholdMillis = TimeUnit.NANOSECONDS.toMillis(thresholdNanos);
    String message = loop + " has been blocked for at least " + blockedMillis + " ms, over its"
        + " threshold of " + thresholdMillis + " ms: one task (or one turn of work) holds the"
        + " loop thread, and no other task, timer or socket of the loop runs meanwhile. The stack"
        + " of " + loopThread.getName() + " below shows what holds it"
        + (movedOn ? " (the loop moved on while it was read, so it may show later work)" : "")
        + ". Move blocking calls (Thread.sleep, blocking I/O, Task.join) off the loop, or set"
        + " the threshold with -D" + BlockedLoopWatchdog.THRESHOLD_PROPERTY + "=<ms> or"
        + " EventLoop.builder().blockedThreshold(...) (0 turns the check off)";
    BlockedLoopEvents.commit(loop, loopThread, blockedNanos, thresholdNanos, stack); // first:
    // whoever reads the log may stop a recording at once
    LOGGER.log(System.Logger.Level.WARNING, message,
        new BlockedLoopStack(loopThread, blockedMillis, stack));
  }

  /**
   * Loads what a report needs, on the watchdog thread as it starts: this class, whose logger
   * starts the logging backend (100 ms or so the first time), so the first report is not late.
   */
  static void prepare() {
    LOGGER.isLoggable(System.Logger.Level.WARNING);
  }

  /** An episode spent loading classes, so never reported as blocked: {@code DEBUG} only. */
  static void warmedUp(Object loop, long blockedNanos) {
    LOGGER.log(System.Logger.Level.DEBUG, () -> loop + " spent about "
        + TimeUnit.NANOSECONDS.toMillis(blockedNanos) + " ms of one turn loading or initialising"
        + " classes (their first use: warm-up, not reported as a blocked loop)");
  }

  static void ended(Object loop, long blockedNanos) {
    LOGGER.log(System.Logger.Level.INFO, loop + " runs again after being blocked for about "
        + TimeUnit.NANOSECONDS.toMillis(blockedNanos) + " ms");
  }

  /** The loop thread's stack as sampled, carried as the log record's throwable. */
  static final class BlockedLoopStack extends Exception {
    private static final long serialVersionUID = 1L;

    BlockedLoopStack(Thread loopThread, long blockedMillis, StackTraceElement[] stack) {
      super("the stack of loop thread " + loopThread.getName() + ", blocked for at least "
          + blockedMillis + " ms", null, false, true);
      setStackTrace(stack);
    }
  }
}
