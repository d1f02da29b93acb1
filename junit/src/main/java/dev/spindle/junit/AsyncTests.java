package dev.spindle.junit;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Runs a task from a test: on a fresh {@link EventLoop} of its own thread, waited for with a
 * timeout. The test method itself stays {@code void}, because JUnit Jupiter runs only
 * {@code void} {@code @Test} methods (one that returns a {@code Task} is reported at discovery
 * and never run); it hands the task to {@code run} instead:
 *
 * <pre>{@code
 * @Test
 * void echoes() {
 *   assertEquals("hi", AsyncTests.run(() -> roundTrip("hi")));   // roundTrip is @Async
 * }
 * }</pre>
 *
 * <p>Why not {@link EventLoop#run} on the test thread: a task that never finishes would hang the
 * test run. Here it fails the test after the timeout, with the loop thread's stack (an idle loop
 * means the task awaits something nobody completes; a busy one shows the blocking call), and
 * the task is cancelled so that its loop stops.
 */
public final class AsyncTests {
  /** How long {@link #run(Supplier)} waits. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** How long a loop may take to stop once its timed-out task is cancelled. */
  private static final long STOP_MILLIS = 1_000;
  private static final AtomicInteger LOOPS = new AtomicInteger();

  private AsyncTests() {}

  /** {@link #run(Duration, Supplier)} with {@link #DEFAULT_TIMEOUT}. */
  public static <T> T run(Supplier<? extends Task<T>> main) {
    return run(DEFAULT_TIMEOUT, main);
  }

  /**
   * Calls {@code main} on a new event loop's thread, runs that loop until the task finishes and
   * returns its value. A failed task throws its exception here, unwrapped (an assertion that
   * failed inside {@code @Async} code fails the test as it is).
   *
   * @throws AssertionFailedError if the task has not finished within {@code timeout}; the task
   *     is then cancelled
   */
  public static <T> T run(Duration timeout, Supplier<? extends Task<T>> main) {
    LoopThread<T> loop = new LoopThread<>(main);
    loop.start();
    try {
      return loop.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException failed) {
      throw AsyncTests.<RuntimeException>unchecked(failed.getCause());
    } catch (TimeoutException late) {
      StackTraceElement[] stack = loop.getStackTrace();
      boolean stopped = loop.cancel();
      AssertionFailedError error = new AssertionFailedError(timedOut(timeout, loop, stack,
          stopped));
      Throwable where = new Throwable("the loop thread " + loop.getName() + " at the timeout");
      where.setStackTrace(stack);
      error.initCause(where);
      throw error;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      loop.cancel();
      throw new AssertionFailedError("AsyncTests.run: the test thread was interrupted while"
          + " waiting for the task; the task was cancelled", interrupted);
    }
  }

  private static String timedOut(Duration timeout, Thread loop, StackTraceElement[] stack,
      boolean stopped) {
    StackTraceElement blocking = blockingFrame(stack);
    String state = blocking == null
        ? "idle, waiting for I/O or a timer: the task awaits something that never completes"
        : "busy in " + blocking.getClassName() + "." + blocking.getMethodName() + "("
            + blocking.getFileName() + ":" + blocking.getLineNumber() + "): code on the loop"
            + " thread blocks it or never yields";
    return "AsyncTests.run: the task did not finish within " + timeout.toMillis() + " ms;"
        + " its loop thread " + loop.getName() + " was " + state + " (its stack is the cause)."
        + (stopped ? " The task was cancelled and the loop stopped."
            : " The task was cancelled but the loop thread still runs; it was interrupted.")
        + " If the work is just slow, pass a longer timeout: AsyncTests.run(Duration, main)";
  }

  /**
   * The first frame outside the JDK, unless the JDK frames above it are a selector's poll
   * (an idle loop): null then.
   */
  private static StackTraceElement blockingFrame(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      String name = frame.getClassName();
      boolean jdk = name.startsWith("java.") || name.startsWith("javax.")
          || name.startsWith("sun.") || name.startsWith("jdk.");
      if (!jdk) {
        return frame;
      }
      if (name.endsWith("SelectorImpl") && frame.getMethodName().endsWith("elect")) {
        return null; // select, doSelect, lockAndDoSelect
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E unchecked(Throwable failure) throws E {
    throw (E) failure;
  }

  /** The thread that owns the loop; daemon, so a loop that never stops cannot keep the JVM up. */
  private static final class LoopThread<T> extends Thread {
    final CompletableFuture<T> result = new CompletableFuture<>();
    private final Supplier<? extends Task<T>> main;
    /** Set on this thread before the loop turns; read by the test thread after a timeout. */
    private volatile EventLoop eventLoop;
    private volatile Task<T> task;

    LoopThread(Supplier<? extends Task<T>> main) {
      super("spindle-test-loop-" + LOOPS.incrementAndGet());
      this.main = main;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        result.complete(EventLoop.run(() -> {
          eventLoop = EventLoop.current();
          Task<T> started = main.get();
          task = started;
          return started;
        }));
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    }

    /** Cancels the task on its loop; whether the loop thread ended within {@link #STOP_MILLIS}. */
    boolean cancel() {
      EventLoop running = eventLoop;
      Task<T> started = task;
      if (running != null && started != null) {
        try {
          running.execute(started::cancel);
        } catch (RuntimeException stoppedMeanwhile) {
          // the loop ended on its own between the timeout and now
        }
      }
      try {
        join(STOP_MILLIS);
        if (isAlive()) {
          interrupt();
          return false;
        }
        return true;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
