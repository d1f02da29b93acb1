package dev.spindle;

import dev.spindle.task.Failure;
import dev.spindle.task.Schedulers;
import dev.spindle.task.TaskState;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A value that will be ready later: the result of an {@link Async @Async} method, a socket
 * operation, a timer or a {@link Promise}.
 *
 * <p>Compared with {@link CompletableFuture}: a task is read with {@link Await#await(Task) await}
 * inside an {@code @Async} method instead of with callbacks, it fails with the original exception
 * (never a {@code CompletionException}), and it is completed only by its producer (a
 * {@link Promise}, the event loop, or the method's own code), not by whoever holds it.
 * Compared with Rust's {@code Future}, a task is hot: the work runs whether or not anyone awaits.
 *
 * <p>Thread-safe: a task may be completed, awaited, joined and cancelled from any thread.
 * Subclasses are Spindle's own; user code creates tasks through {@link Promise} and the factories
 * here.
 */
public abstract class Task<T> {
  /** Stands in {@link #result} for a {@code null} value, since {@code null} means "pending". */
  private static final Object NULL_VALUE = new Object();
  /** Stands in {@link #waiters} once the waiters have been told; later ones run at once. */
  private static final Object TOLD = new Object();

  private static final VarHandle RESULT;
  private static final VarHandle WAITERS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      RESULT = lookup.findVarHandle(Task.class, "result", Object.class);
      WAITERS = lookup.findVarHandle(Task.class, "waiters", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    UnobservedFailures.initialize(); // here, not deep in the stack of a first failure
  }

  /**
   * {@code null} while pending; then the value, {@link #NULL_VALUE}, or a {@link Failure}. Any
   * thread: set once by compare-and-set (see {@link TaskState}).
   */
  private volatile Object result;
  /**
   * {@code null}, one {@link Waiter}, a {@link WaiterNode} list, or {@link #TOLD}. Any thread:
   * replaced whole by compare-and-set, never mutated in place.
   */
  private volatile Object waiters;

  /** For Spindle's own task types. */
  protected Task() {}

  // ---------------------------------------------------------------- factories

  /** A task already finished with {@code value}. */
  public static <T> Task<T> completed(T value) {
    Task<T> task = new Done<>();
    task.result = value == null ? NULL_VALUE : value;
    task.waiters = TOLD;
    return task;
  }

  private static final Task<Void> COMPLETED_VOID = completed(null);

  /** The finished task of a method that returns nothing; one shared instance, no allocation. */
  public static Task<Void> completed() {
    return COMPLETED_VOID;
  }

  /**
   * A task already failed with {@code error}. Like every failed task, if it becomes unreachable
   * before anyone awaits, joins or spawns it, its failure is reported (see
   * {@link UncaughtFailureHandler}).
   */
  public static <T> Task<T> failed(Throwable error) {
    if (error == null) {
      throw new NullPointerException("Task.failed(error) must be given an error: null");
    }
    Task<T> task = new Done<>();
    Failure failure = new Failure(error);
    task.result = failure;
    task.waiters = TOLD;
    UnobservedFailures.watch(task, failure); // dropped, it is a lost failure too
    return task;
  }

  /**
   * A task that finishes as {@code stage} does. A failure arrives unwrapped: a
   * {@link java.util.concurrent.CompletionException} with a cause is replaced by that cause.
   * A finished {@link CompletableFuture} is read at once.
   */
  public static <T> Task<T> from(java.util.concurrent.CompletionStage<T> stage) {
    Promise<T> promise = new Promise<>();
    stage.whenComplete((value, error) -> {
      if (error == null) {
        promise.complete(value);
      } else {
        promise.fail(error instanceof java.util.concurrent.CompletionException
            && error.getCause() != null ? error.getCause() : error);
      }
    });
    return promise.task();
  }

  // ---------------------------------------------------------------- combinators

  /**
   * A task that finishes with the values of all {@code tasks}, in their order, once every one has
   * succeeded; or with the first failure as soon as one fails (the others keep running, as with
   * JavaScript's {@code Promise.all}). Like {@link CompletableFuture#allOf} but with the values.
   * Cancelling the result cancels every input.
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is copied, never exposed
  public static <T> Task<List<T>> all(Task<? extends T>... tasks) {
    return AllTask.of(tasks.clone());
  }

  /** {@link #all(Task[])} over a collection, in its iteration order. */
  public static <T> Task<List<T>> all(Collection<? extends Task<? extends T>> tasks) {
    return AllTask.of(tasks.toArray(new Task<?>[0]));
  }

  /**
   * A task that finishes as the first of {@code tasks} to finish, value or failure, like
   * {@link CompletableFuture#anyOf} or tokio's {@code select!}; the others are then cancelled,
   * since nobody reads them. Cancelling the result cancels every input.
   *
   * @throws IllegalArgumentException if no task is given
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is copied, never exposed
  public static <T> Task<T> any(Task<? extends T>... tasks) {
    return AnyTask.of(tasks.clone());
  }

  /** {@link #any(Task[])} over a collection. */
  public static <T> Task<T> any(Collection<? extends Task<? extends T>> tasks) {
    return AnyTask.of(tasks.toArray(new Task<?>[0]));
  }

  /**
   * This task, failed with {@link java.util.concurrent.TimeoutException} if it has not finished
   * within {@code timeout}; the timed-out task is then cancelled. Like
   * {@link CompletableFuture#orTimeout}, but on the loop's timers (and so a manual clock in tests).
   * Must be called on an event-loop thread. A finished task is returned as is.
   */
  public final Task<T> orTimeout(Duration timeout) {
    return isDone() ? this : TimeoutTask.start(this, timeout);
  }

  // ---------------------------------------------------------------- state

  /** Whether the task has finished, with a value, a failure or a cancellation. */
  public final boolean isDone() {
    return result != null;
  }

  /** Whether the task has finished with a failure (cancellation included). */
  public final boolean isFailed() {
    return result instanceof Failure;
  }

  /** Whether the task has finished with a {@link CancellationException}. */
  public final boolean isCancelled() {
    Object r = result;
    return r instanceof Failure && ((Failure) r).error instanceof CancellationException;
  }

  /** Where the task is in its life; see {@link TaskState} for the legal transitions. */
  final TaskState state() {
    Object r = result;
    if (r == null) {
      return TaskState.PENDING;
    }
    if (r instanceof Failure) {
      return ((Failure) r).error instanceof CancellationException
          ? TaskState.CANCELLED : TaskState.FAILED;
    }
    return TaskState.SUCCEEDED;
  }

  /**
   * The value of a finished task, or its failure thrown as the very exception (checked ones too,
   * undeclared), as {@code await} does. Like {@link java.util.concurrent.Future#resultNow()} but
   * never wrapping.
   *
   * @throws IllegalStateException if the task has not finished
   */
  public final T resultNow() {
    Object r = result;
    if (r == null) {
      throw new IllegalStateException("Task.resultNow() must be called on a finished task: " + this);
    }
    return valueOf(r);
  }

  /**
   * The failure of a finished task, or {@code null} if it has a value or is unfinished. Reading
   * a failure here observes it: it is then never reported as unobserved.
   */
  public final Throwable failureNow() {
    Object r = result;
    if (r instanceof Failure) {
      Failure failure = (Failure) r;
      failure.observe();
      return failure.error;
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <T> T valueOf(Object r) {
    if (r instanceof Failure) {
      Failure failure = (Failure) r;
      failure.observe();
      throw Task.<RuntimeException>sneaky(failure.error);
    }
    return r == NULL_VALUE ? null : (T) r;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable error) throws E {
    throw (E) error;
  }

  // ---------------------------------------------------------------- completion

  /** Finishes the task with {@code value}; false if it had already finished. Any thread. */
  protected final boolean completeValue(T value) {
    return finish(value == null ? NULL_VALUE : value);
  }

  /** Finishes the task with {@code error}; false if it had already finished. Any thread. */
  protected final boolean completeFailure(Throwable error) {
    if (error == null) {
      throw new NullPointerException("a task must fail with an error: null");
    }
    return finish(new Failure(error));
  }

  /**
   * Finishes the task with the outcome of {@code done}, which must be finished. A failure is
   * taken over: observed in {@code done}, and this task's own to observe (or to report).
   */
  protected final boolean completeFrom(Task<?> done) {
    Object r = done.result;
    if (r instanceof Failure) {
      Failure failure = (Failure) r;
      failure.observe();
      return finish(new Failure(failure.error));
    }
    return finish(r);
  }

  /**
   * Sets the outcome once, then tells every waiter. One method, on purpose longer than C1's
   * inlining limit (35 bytes of bytecode): every state machine's catch-all reaches it through
   * {@code completeFailure}, and inlined there its two atomic operations made C1's frame of a
   * state machine so large that a rewritten recursion went 1.8 times less deep
   * (RecursionDepthProbe with {@code -XX:TieredStopAtLevel=1}). C2 still inlines it where it is
   * hot.
   */
  private boolean finish(Object outcome) {
    if (!RESULT.compareAndSet(this, null, outcome)) {
      return false;
    }
    Object told = WAITERS.getAndSet(this, TOLD);
    if (told instanceof WaiterNode) {
      ((WaiterNode) told).tellAll(this);
    } else if (told != null) {
      tell((Waiter) told, this);
    } else if (outcome instanceof Failure) {
      UnobservedFailures.watch(this, (Failure) outcome); // failed with nobody waiting yet
    }
    return true;
  }

  /**
   * Tries to cancel the task: an unfinished task fails with {@link CancellationException}, its
   * producer is told (a socket operation deregisters, a timer is removed, a suspended
   * {@code @Async} method sees the exception at its {@code await}). False if already finished.
   */
  public boolean cancel() {
    return completeFailure(new CancellationException("task cancelled"));
  }

  // ---------------------------------------------------------------- waiters

  /**
   * Calls {@code waiter} once this task finishes: at once on this thread if it already has,
   * otherwise on the thread that finishes it. The building block of every continuation. A waiter
   * observes the task's failure: the waiter, not the unobserved-failure report, answers for it.
   */
  public final void whenDone(Waiter waiter) {
    for (;;) {
      Object current = waiters;
      if (current == TOLD) {
        Object r = result;
        if (r instanceof Failure) {
          ((Failure) r).observe(); // the waiter is handed the failure
        }
        waiter.taskDone(this);
        return;
      }
      Object next = current == null ? waiter : new WaiterNode(waiter, current);
      if (WAITERS.compareAndSet(this, current, next)) {
        return;
      }
    }
  }

  /**
   * Forgets {@code waiter} if it has not been told yet, so that a cancelled waiter on a
   * long-lived task does not pile up. False if it was not registered or was already told.
   */
  public final boolean removeWaiter(Waiter waiter) {
    for (;;) {
      Object current = waiters;
      if (current == TOLD || current == null) {
        return false;
      }
      Object next;
      if (current == waiter) {
        next = null;
      } else if (current instanceof WaiterNode) {
        next = ((WaiterNode) current).without(waiter);
        if (next == current) {
          return false;
        }
      } else {
        return false;
      }
      if (WAITERS.compareAndSet(this, current, next)) {
        return true;
      }
    }
  }

  /** Whether a waiter is registered and not yet told (TaskScope.supervise: is a child awaited). */
  final boolean hasWaiters() {
    Object current = waiters;
    return current != null && current != TOLD;
  }

  static void tell(Waiter waiter, Task<?> task) {
    try {
      waiter.taskDone(task);
    } catch (Throwable error) {
      // A waiter's bug must not stop the other waiters, nor the thread that completed the task.
      Schedulers.reportUncaught(task, error);
    }
  }

  // ---------------------------------------------------------------- blocking and bridges

  /**
   * Blocks the calling thread until the task finishes, then returns its value or throws its
   * failure unwrapped. Always refuses on an event-loop thread, where blocking would stop the
   * loop, also for a finished task (so that a join that works in a test does not block the loop
   * in production when the timing differs).
   *
   * @throws IllegalStateException on an event-loop thread
   */
  public final T join() {
    if (Schedulers.current() != null) { // finished or not: a rule that holds by timing fails
      throw new IllegalStateException("Task.join() must not be called on an event-loop thread"
          + " (" + Thread.currentThread().getName() + "), finished task or not: it would block"
          + " the loop; use await() in an @Async method instead (or resultNow() on a task known"
          + " to be finished)");
    }
    if (!isDone()) {
      Thread thread = Thread.currentThread();
      whenDone(task -> LockSupport.unpark(thread));
      while (!isDone()) {
        LockSupport.park(this);
      }
    }
    return valueOf(result);
  }

  /** A {@link CompletableFuture} completed with this task's outcome, failure unwrapped. */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> future = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        Task.this.cancel();
        return super.cancel(mayInterruptIfRunning);
      }
    };
    whenDone(task -> {
      Object r = result;
      if (r instanceof Failure) {
        future.completeExceptionally(((Failure) r).error);
      } else {
        future.complete(r == NULL_VALUE ? null : Task.<T>valueOf(r));
      }
    });
    return future;
  }

  @Override
  public String toString() {
    Object r = result;
    String state = r == null ? "pending"
        : !(r instanceof Failure) ? "done"
        : ((Failure) r).error instanceof CancellationException ? "cancelled"
        : "failed: " + ((Failure) r).error;
    return getClass().getSimpleName() + "@" + Integer.toHexString(hashCode()) + "[" + state + "]";
  }

  /** A finished task made by the factories. */
  private static final class Done<T> extends Task<T> {}

  /** Two or more waiters; immutable, replaced whole on every change. */
  private static final class WaiterNode {
    /** Lists up to this long are told without allocating (see {@link #tellAll}). */
    private static final int SHORT_LIST = 8;

    final Waiter waiter;
    final Object next; // Waiter or WaiterNode

    WaiterNode(Waiter waiter, Object next) {
      this.waiter = waiter;
      this.next = next;
    }

    /** This list without {@code gone}: the nodes before it are copied, the rest shared. */
    Object without(Waiter gone) {
      java.util.ArrayList<Waiter> before = new java.util.ArrayList<>();
      Object node = this;
      while (node instanceof WaiterNode) {
        WaiterNode current = (WaiterNode) node;
        if (current.waiter == gone) {
          return prepend(before, current.next);
        }
        before.add(current.waiter);
        node = current.next;
      }
      return node == gone ? prepend(before.subList(0, before.size() - 1),
          before.get(before.size() - 1)) : this;
    }

    /** Iterative on purpose: a task may have a million waiters. */
    private static Object prepend(java.util.List<Waiter> waiters, Object rest) {
      for (int i = waiters.size() - 1; i >= 0; i--) {
        rest = new WaiterNode(waiters.get(i), rest);
      }
      return rest;
    }

    void tellAll(Task<?> task) {
      // Registered newest first; tell oldest first. A short list is walked once per waiter,
      // which allocates nothing (two or three waiters are common: a frame and a bridge); a long
      // one is reversed into an array.
      int count = 1;
      for (Object node = next; node instanceof WaiterNode; node = ((WaiterNode) node).next) {
        count++;
      }
      count++; // the Waiter at the end of the list
      if (count <= SHORT_LIST) {
        for (int position = count - 1; position >= 0; position--) {
          tell(at(position), task);
        }
        return;
      }
      Waiter[] order = new Waiter[count];
      Object node = this;
      for (int position = count - 1; position > 0; position--) {
        order[position] = ((WaiterNode) node).waiter;
        node = ((WaiterNode) node).next;
      }
      order[0] = (Waiter) node;
      for (Waiter waiter : order) {
        tell(waiter, task);
      }
    }

    /** The waiter {@code position} steps down the list (0: this node's). */
    private Waiter at(int position) {
      Object node = this;
      for (int step = 0; step < position; step++) {
        node = ((WaiterNode) node).next;
      }
      return node instanceof WaiterNode ? ((WaiterNode) node).waiter : (Waiter) node;
    }
  }
}
