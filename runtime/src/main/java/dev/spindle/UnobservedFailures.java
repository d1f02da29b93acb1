package dev.spindle;

import dev.spindle.diagnostics.UnobservedFailureEvents;
import dev.spindle.task.Failure;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;

/**
 * Reports a failed task that nobody observed once it becomes unreachable, as .NET reports an
 * unobserved task exception and Node an unhandled rejection.
 *
 * <p>Cost: a task is watched only when it fails with no waiter ({@link Task#failed}, or a failure
 * that finds nobody waiting). A task that succeeds, is cancelled, or fails while someone awaits
 * it costs nothing here. On a loop, a watched task waits in the turn's {@link Pending} list and
 * costs nothing more if it is observed before the turn ends; otherwise (or off any loop) it
 * costs one {@link Cleaner} registration, and observing it later (await, join, a waiter,
 * {@code failureNow()}) sets a flag on its {@link Failure} and unregisters it, so that the
 * collector has no phantom reference to process for it. The cleaner's action holds the failure,
 * never the task, or the task would never become unreachable.
 */
final class UnobservedFailures {
  /**
   * {@code -Dspindle.unobservedFailures=false} turns the report off (for a measurement, or a
   * program that knowingly drops failed tasks); on by default.
   */
  static final boolean ENABLED = !"false".equals(System.getProperty("spindle.unobservedFailures"));

  /**
   * Made when the first task class initializes ({@link Task}'s initializer calls
   * {@link #initialize()}), at a shallow stack: made on the first failure instead, it could be
   * made deep in a recursion that just overflowed, where starting a thread can fail half-way
   * (and a class whose initializer failed is unusable for ever). One daemon thread, parked.
   */
  private static final Cleaner CLEANER = ENABLED ? Cleaner.create(new ReporterThreads()) : null;

  private UnobservedFailures() {}

  /** Initializes this class: see {@link #CLEANER}. */
  static void initialize() {}

  /**
   * {@code task} just failed with {@code failure} and nobody waits on it yet. On a loop thread
   * the watch waits for the end of the loop's turn ({@link Pending}): a failure awaited before
   * then (the common case of an {@code @Async} call that fails before its first await, awaited
   * at once by its caller) costs no registration. Never throws: a failure that cannot be
   * watched (the stack or the heap ran out right here) is left unwatched, and the task is still
   * failed as it should be.
   */
  static void watch(Task<?> task, Failure failure) {
    if (!ENABLED || failure.observed() || failure.error instanceof CancellationException) {
      return; // a cancellation is asked for, not lost: never reported, as for spawned tasks
    }
    try {
      EventLoop loop = EventLoop.currentOrNull();
      if (loop != null) {
        loop.unobserved.add(task, failure);
      } else {
        register(task, failure, null);
      }
    } catch (StackOverflowError | OutOfMemoryError cannotWatch) {
      // nothing to report with; the failure itself travels on with its task
    }
  }

  private static void register(Task<?> task, Failure failure, EventLoop loop) {
    failure.watchedBy(CLEANER.register(task, new Report(failure, task.getClass(),
        System.identityHashCode(task), loop)));
  }

  /**
   * The failures of one loop turn that found nobody waiting, held until the turn ends
   * ({@link EventLoop} calls {@link #flush()}), then registered if still unobserved. Loop
   * thread only.
   */
  static final class Pending {
    /** Held at most this many before a flush, so that a turn that fails many holds few. */
    private static final int LIMIT = 256;

    private final EventLoop loop;
    private Task<?>[] tasks = new Task<?>[8];
    private Failure[] failures = new Failure[8];
    private int size;

    Pending(EventLoop loop) {
      this.loop = loop;
    }

    void add(Task<?> task, Failure failure) {
      if (size == tasks.length) {
        if (size == LIMIT) {
          flush();
        } else {
          tasks = java.util.Arrays.copyOf(tasks, size * 2);
          failures = java.util.Arrays.copyOf(failures, size * 2);
        }
      }
      tasks[size] = task;
      failures[size] = failure;
      size++;
    }

    boolean isEmpty() {
      return size == 0;
    }

    /** Registers what is still unobserved, and forgets everything. */
    void flush() {
      for (int i = 0; i < size; i++) {
        Failure failure = failures[i];
        if (!failure.observed()) {
          try {
            register(tasks[i], failure, loop);
          } catch (StackOverflowError | OutOfMemoryError cannotWatch) {
            // as in watch()
          }
        }
        tasks[i] = null;
        failures[i] = null;
      }
      size = 0;
    }
  }

  /** The cleaner's thread: a daemon, named for thread dumps. */
  private static final class ReporterThreads implements ThreadFactory {
    @Override
    public Thread newThread(Runnable cleaner) {
      Thread thread = new Thread(cleaner, "spindle-unobserved-failures");
      thread.setDaemon(true);
      return thread;
    }
  }

  /** The cleaner's action; holds no reference to the task, and none that keeps a loop alive. */
  private static final class Report implements Runnable {
    private final Failure failure;
    private final Class<?> taskType;
    private final int taskHash;
    /** The handler of the loop the task failed on; {@code null}: the default one. */
    private final UncaughtFailureHandler handler;
    /**
     * That loop, to run the handler on its thread while it runs. Weak: a stopped loop may still
     * hold work that holds this very task, which then could never become unreachable.
     */
    private final WeakReference<EventLoop> loop;

    Report(Failure failure, Class<?> taskType, int taskHash, EventLoop loop) {
      this.failure = failure;
      this.taskType = taskType;
      this.taskHash = taskHash;
      this.handler = EventLoop.ownHandler(loop);
      this.loop = loop == null ? null : new WeakReference<>(loop);
    }

    /** The task became unreachable (cleaner thread): report it unless it was observed. */
    @Override
    public void run() {
      if (failure.observed()) {
        return;
      }
      failure.observe();
      String task = taskType.getSimpleName() + "@" + Integer.toHexString(taskHash);
      try {
        UnobservedFailureEvents.commit(failure.error, task);
      } catch (RuntimeException | LinkageError broken) {
        failure.error.addSuppressed(broken); // JFR's trouble must not cost the report itself
      }
      Task<?> dropped = new Dropped(task, failure.error);
      EventLoop running = loop == null ? null : loop.get();
      if (running != null) {
        try {
          running.execute(() -> EventLoop.report(handler, dropped, failure.error));
          return; // the handler runs on the loop thread, as for every other report
        } catch (RejectedExecutionException stopped) {
          // the loop has ended: tell its handler here, on the cleaner's thread
        }
      }
      EventLoop.report(handler, dropped, failure.error);
    }
  }

  /**
   * What the handler is given in place of the task, which is gone: named as the task was
   * ({@code Task$Done@1b2c3d}), failed with the same exception, itself already observed.
   */
  static final class Dropped extends Task<Object> {
    private final String task;

    Dropped(String task, Throwable failure) {
      this.task = task;
      whenDone(done -> {}); // a waiter first: this stand-in is not watched itself
      completeFailure(failure);
    }

    @Override
    public String toString() {
      return task + "[failed, and garbage-collected before anyone awaited, joined or spawned it:"
          + " await its task, or pass it to EventLoop.spawn(...) to run it detached]";
    }
  }
}
