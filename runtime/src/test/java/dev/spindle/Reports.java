package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link UncaughtFailureHandler} that keeps what it is told, and the way tests make a dropped
 * task unreachable and wait for its report: {@code System.gc()} until a weak probe clears, then
 * a bounded wait for the report itself. No fixed sleep anywhere. Registered as a JUnit extension
 * ({@code @RegisterExtension}), it is the process-wide handler for each test, the default after.
 */
final class Reports implements UncaughtFailureHandler, BeforeEachCallback, AfterEachCallback {
  /** How long a test waits for a collection or a report before it fails. */
  static final long LIMIT_SECONDS = 20;

  /**
   * One report: what the handler was given (the task as text, and its failure: the task itself
   * is not kept, so that a test can still see it collected), and the thread it ran on.
   */
  record Report(String task, Throwable taskFailure, Throwable failure, Thread thread) {}

  private final LinkedBlockingQueue<Report> queue = new LinkedBlockingQueue<>();
  private final List<Report> all = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    EventLoop.setUncaughtFailureHandler(this);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EventLoop.setUncaughtFailureHandler(null);
  }

  @Override
  public void uncaughtFailure(Task<?> task, Throwable failure) {
    queue.add(new Report(String.valueOf(task), task == null ? null : task.failureNow(), failure,
        Thread.currentThread()));
  }

  /** Collects garbage until {@code probe} is cleared; fails after {@link #LIMIT_SECONDS}. */
  static void collect(WeakReference<?> probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    while (probe.get() != null) {
      if (System.nanoTime() - deadline > 0) {
        fail("still reachable after " + LIMIT_SECONDS + " s of System.gc(): " + probe.get());
      }
      System.gc();
    }
  }

  /** The next report of {@code failure}, skipping others (failures other tests dropped). */
  Report next(Throwable failure) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    for (;;) {
      Report report = queue.poll(Math.max(0, deadline - System.nanoTime()),
          TimeUnit.NANOSECONDS);
      assertNotNull(report, "no report of " + failure + " within " + LIMIT_SECONDS + " s");
      all.add(report);
      if (report.failure() == failure) {
        return report;
      }
    }
  }

  /** The reports of {@code failure} taken so far (by {@link #next} and {@link #drain}). */
  List<Report> of(Throwable failure) {
    drain();
    List<Report> found = new ArrayList<>();
    for (Report report : all) {
      if (report.failure() == failure) {
        found.add(report);
      }
    }
    return found;
  }

  private void drain() {
    queue.drainTo(all);
  }

  /**
   * Drops a failed task made now, waits until it is collected and reported: a sentinel, after
   * which any report still owed for an earlier collection has been made (the cleaner reports
   * from one thread, in turn).
   */
  void sentinel() throws InterruptedException {
    RuntimeException marker = new RuntimeException("sentinel");
    WeakReference<Task<?>> probe = new WeakReference<>(Task.failed(marker));
    collect(probe);
    next(marker);
  }
}
