package dev.spindle.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;

/**
 * Which {@link Scheduler} runs on the calling thread, and where a failure nobody handled goes.
 * The event loop registers itself here while it runs ({@link #enter}, {@link #exit}) and installs
 * its failure reporting from its static initializer ({@link #installReporter}); tasks and frames
 * read both without knowing the loop.
 */
public final class Schedulers {
  private static final ThreadLocal<Scheduler> ON_THREAD = new ThreadLocal<>();
  private static final VarHandle LATEST;

  static {
    try {
      LATEST = MethodHandles.lookup().findStaticVarHandle(Schedulers.class, "latest",
          Scheduler.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The scheduler entered last, while it runs, or {@code null}: a shortcut past the thread-local
   * lookup on its thread, the common case of one loop per process. Any thread: each scheduler
   * sets it to itself when it enters and clears it (only if still itself) when it exits, so it
   * never names one that does not run on its {@link Scheduler#thread()}.
   */
  private static volatile Scheduler latest;
  /** Set once by the event loop's static initializer; {@code null} until a loop class loads. */
  private static volatile BiConsumer<Object, Throwable> reporter;

  private Schedulers() {}

  /** The scheduler running on the calling thread, or {@code null}. */
  public static Scheduler current() {
    Scheduler scheduler = latest;
    return scheduler != null && scheduler.thread() == Thread.currentThread()
        ? scheduler : ON_THREAD.get();
  }

  /** Makes {@code scheduler} the current one of the calling thread, its own thread. */
  public static void enter(Scheduler scheduler) {
    ON_THREAD.set(scheduler);
    latest = scheduler;
  }

  /** Undoes {@link #enter}; on the scheduler's thread, when it stops. */
  public static void exit(Scheduler scheduler) {
    LATEST.compareAndSet(scheduler, null);
    ON_THREAD.remove();
  }

  /** For the event loop's static initializer: where {@link #reportUncaught} sends failures. */
  public static void installReporter(BiConsumer<Object, Throwable> loopReporter) {
    reporter = loopReporter;
  }

  /**
   * Reports a failure that surfaced on the calling thread and that nobody handled (a waiter that
   * threw): to the event loop's handlers, or, before any loop class has loaded (so no handler can
   * have been set), to the default handler's log.
   */
  public static void reportUncaught(Object task, Throwable failure) {
    BiConsumer<Object, Throwable> loopReporter = reporter;
    if (loopReporter != null) {
      loopReporter.accept(task, failure);
    } else {
      System.getLogger("dev.spindle").log(System.Logger.Level.ERROR,
          "a task failed and nobody handled it: " + task, failure);
    }
  }
}
