package dev.spindle.loop;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread, for every loop of the process, that notices a loop held by one task (or by
 * one turn's work) longer than its threshold, and reports it once per episode with the loop
 * thread's stack at that moment, as Vert.x's {@code BlockedThreadChecker} does.
 *
 * <p>The loop's side costs one opaque store a turn ({@link LoopActivity}); everything else
 * happens here. Every {@code threshold / 5} the watchdog reads each loop's count: a loop whose
 * count is odd is polling (idle, never reported); one whose even count has not changed since the
 * watchdog first saw it, {@code threshold} ago or more, has been in one turn at least that long.
 * So a report comes at most a fifth of the threshold late, and never early. The thread starts
 * with the first loop that has a threshold, and is never started when every loop has none.
 */
public final class BlockedLoopWatchdog {
  /** The system property of the default threshold, in milliseconds; 0 turns the check off. */
  public static final String THRESHOLD_PROPERTY = "spindle.blockedThreshold";
  static final Duration DEFAULT_THRESHOLD = Duration.ofMillis(100);
  private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** Any thread adds (a loop starting) and removes (a loop stopping); the watchdog reads. */
  private static final CopyOnWriteArrayList<Watch> WATCHED = new CopyOnWriteArrayList<>();
  /** Started once, with the first watched loop (under the class's lock); then never changes. */
  private static volatile Thread watchdog;
  /** The watchdog thread writes the period it sleeps; a starting loop reads it. */
  private static volatile long periodInUse = Long.MAX_VALUE;
  /** Tests only: runs on the watchdog thread after each round of samples. */
  static volatile Runnable afterRound;

  private BlockedLoopWatchdog() {}

  /** The threshold of loops built without one: {@value #THRESHOLD_PROPERTY}, else 100 ms. */
  public static Duration defaultThreshold() {
    String value = System.getProperty(THRESHOLD_PROPERTY);
    if (value == null) {
      return DEFAULT_THRESHOLD;
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis >= 0) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("-D" + THRESHOLD_PROPERTY + " must be a whole number of"
        + " milliseconds, 0 to turn the blocked-loop check off: \"" + value + "\"; for example"
        + " -D" + THRESHOLD_PROPERTY + "=100");
  }

  /**
   * Watches a loop until the returned watch is closed; {@code null} (nothing watched, no thread)
   * when {@code threshold} is zero. Called by the loop thread as its loop starts.
   */
  public static Watch watch(Object loop, Thread loopThread, LoopActivity activity,
      Duration threshold) {
    if (threshold.isZero()) {
      return null;
    }
    Watch watch = new Watch(loop, loopThread, activity, threshold.toNanos());
    WATCHED.add(watch);
    Thread running = watchdog;
    if (running == null) {
      start();
    } else if (periodFor(watch.thresholdNanos) < periodInUse) {
      LockSupport.unpark(running); // sleeping too long for this loop (or for ever: none watched)
    }
    return watch;
  }

  private static synchronized void start() {
    if (watchdog == null) {
      Thread thread = new Thread(BlockedLoopWatchdog::run, "spindle-blocked-loop-watchdog");
      thread.setDaemon(true);
      thread.start();
      watchdog = thread;
    }
  }

  private static void run() {
    BlockedLoopReport.prepare(); // here, not late in the first report
    while (true) {
      long period = period();
      periodInUse = period == 0 ? Long.MAX_VALUE : period;
      if (period == 0) {
        LockSupport.park(); // nothing to watch until a loop starts and wakes us
        continue;
      }
      LockSupport.parkNanos(period);
      long now = System.nanoTime();
      for (Watch watch : WATCHED) {
        try {
          watch.sample(now);
        } catch (RuntimeException | Error broken) { // a broken logger must not end the watch
          Thread self = Thread.currentThread();
          self.getUncaughtExceptionHandler().uncaughtException(self, broken);
        }
      }
      Runnable hook = afterRound;
      if (hook != null) {
        hook.run();
      }
    }
  }

  /** A fifth of the smallest threshold watched (at least 1 ms), or 0 when nothing is watched. */
  private static long period() {
    long smallest = Long.MAX_VALUE;
    for (Watch watch : WATCHED) {
      smallest = Math.min(smallest, watch.thresholdNanos);
    }
    return smallest == Long.MAX_VALUE ? 0 : periodFor(smallest);
  }

  private static long periodFor(long thresholdNanos) {
    return Math.max(MIN_PERIOD_NANOS, thresholdNanos / 5);
  }

  /** One watched loop. Its episode state is the watchdog thread's only. */
  public static final class Watch implements AutoCloseable {
    private final Object loop;
    private final Thread loopThread;
    private final LoopActivity activity;
    private final long thresholdNanos;
    /** Watchdog thread only: the count last read, when it was first read, and if reported. */
    private int seenPhase = -1;
    private long seenSince;
    private boolean reported;
    /** Watchdog thread only: this episode was seen warming up (loading classes), not reported. */
    private boolean warmingUp;

    private Watch(Object loop, Thread loopThread, LoopActivity activity, long thresholdNanos) {
      this.loop = loop;
      this.loopThread = loopThread;
      this.activity = activity;
      this.thresholdNanos = thresholdNanos;
    }

    private void sample(long now) {
      int phase = activity.phase();
      if (phase != seenPhase || LoopActivity.isPolling(phase) || phase == 0) {
        // phase 0: the loop has not turned yet; its main is setting up, which is not serving
        if (reported) {
          BlockedLoopReport.ended(loop, now - seenSince);
        } else if (warmingUp) {
          BlockedLoopReport.warmedUp(loop, now - seenSince);
        }
        seenPhase = phase;
        seenSince = now;
        reported = false;
        warmingUp = false;
      } else if (!reported && now - seenSince >= thresholdNanos) {
        StackTraceElement[] stack = loopThread.getStackTrace();
        if (isWarmingUp(stack)) {
          // The first use of a class (loading, the agent's rewriting, its static initializer,
          // linking a lambda) is warm-up every program pays once, not a blocking call to fix:
          // look again next round instead.
          warmingUp = true;
          return;
        }
        reported = true;
        boolean movedOn = activity.phase() != phase;
        BlockedLoopReport.blocked(loop, loopThread, now - seenSince, thresholdNanos, stack,
            movedOn);
      }
    }

    /**
     * Whether {@code stack} is in the first use of a class: a class loader's {@code loadClass} or
     * {@code defineClass}, a static initializer, or the linking of an {@code invokedynamic}.
     */
    static boolean isWarmingUp(StackTraceElement[] stack) {
      for (StackTraceElement frame : stack) {
        String type = frame.getClassName();
        String method = frame.getMethodName();
        if (method.equals("<clinit>")
            || type.equals("java.lang.ClassLoader")
                && (method.startsWith("loadClass") || method.startsWith("defineClass"))
            || type.equals("java.lang.invoke.MethodHandleNatives") && method.startsWith("link")) {
          return true;
        }
      }
      return false;
    }

    /** Stops watching (the loop has stopped). Any thread. */
    @Override
    public void close() {
      WATCHED.remove(this);
    }
  }
}
