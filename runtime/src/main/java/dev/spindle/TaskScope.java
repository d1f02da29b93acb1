package dev.spindle;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Structured concurrency: child tasks whose lifetime is tied to a parent, as Kotlin's
 * {@code coroutineScope}, Loom's {@code StructuredTaskScope} or tokio's {@code JoinSet}.
 *
 * <pre>{@code
 * String page = await(TaskScope.run(scope -> {
 *   Task<String> header = scope.spawn(() -> fetch("/header"));
 *   Task<String> body = scope.spawn(() -> fetch("/body"));
 *   return join(header, body);            // an @Async method or lambda awaiting both
 * }));
 * }</pre>
 *
 * <p>{@link #run} returns a task that ends only when the body's task and every child spawned in
 * the scope have ended: the scope never ends before its children, and a child that ignores its
 * cancellation delays the end. The first failure (of the body or a child) cancels the body and
 * every other child and fails the scope's task with that very exception; later failures are added
 * to it as suppressed. A child that ends by cancellation is not a failure (the body's own
 * cancellation is). Cancelling the scope's task cancels the body and every child, each of which
 * sees a {@link CancellationException} at its {@code await} (so its {@code finally} blocks run and
 * its sockets close); the scope's task then fails with a {@link CancellationException} once they
 * have all ended. Grandchildren go with their parents: an {@code @Async} child cancels what it
 * awaits, and a nested scope cancels its own children.
 *
 * <p>{@link #supervise} is the same, except that a child's failure cancels nothing else: it is
 * reported through the loop's {@link UncaughtFailureHandler} unless someone awaits that child
 * (a waiter is registered on the task {@link #spawn} returned when it fails).
 *
 * <p>Threading: a scope belongs to the loop that ran {@code run} or {@code supervise}. {@link
 * #spawn} must be called on that loop's thread, and refuses (with an
 * {@link IllegalStateException}) on any other thread or loop: to start work there, send it
 * through a {@code dev.spindle.sync.Channel} or {@link EventLoop#execute} and spawn it on the
 * scope's loop. Children may await tasks completed anywhere; their ends are counted on the
 * scope's loop. See {@code docs/threading.md}.
 */
public final class TaskScope {
  private final EventLoop loop;
  private final boolean supervised;
  private final ScopeTask<?> task;
  /** Loop thread only: the children not yet ended. */
  private final Set<Child<?>> live = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Loop thread only: the body's task, once the body returned it. */
  private Task<?> body;
  /** Loop thread only. */
  private boolean bodyEnded;
  /** Loop thread only: the body's value. */
  private Object value;
  /** Loop thread only: the first failure; later ones are added to it as suppressed. */
  private Throwable failure;
  /** Loop thread only: the body and children were cancelled (first failure, or cancel()). */
  private boolean cancelling;
  /** Loop thread only: {@link ScopeTask#cancel()} was called. */
  private boolean cancelRequested;
  /** Loop thread only: the scope's task finished; {@link #spawn} refuses from now on. */
  private boolean ended;

  private TaskScope(EventLoop loop, boolean supervised) {
    this.loop = loop;
    this.supervised = supervised;
    this.task = new ScopeTask<>(this);
  }

  /**
   * Runs {@code body} with a new scope on the calling loop and returns a task that ends once the
   * body's task and all the scope's children have ended: with the body's value, or the first
   * failure (the others cancelled). See the class comment.
   *
   * @throws IllegalStateException if called off an event-loop thread
   */
  public static <T> Task<T> run(Function<TaskScope, Task<T>> body) {
    return start("TaskScope.run", body, false);
  }

  /**
   * As {@link #run}, but a child's failure cancels nothing else: it is reported through the loop's
   * {@link UncaughtFailureHandler} unless someone awaits that child. The body's failure still
   * cancels the children and fails the scope.
   *
   * @throws IllegalStateException if called off an event-loop thread
   */
  public static <T> Task<T> supervise(Function<TaskScope, Task<T>> body) {
    return start("TaskScope.supervise", body, true);
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> start(String operation, Function<TaskScope, Task<T>> body,
      boolean supervised) {
    if (body == null) {
      throw new NullPointerException(operation + "(body) must be given a body: null");
    }
    EventLoop loop = EventLoop.currentOrNull();
    if (loop == null) {
      throw new IllegalStateException(operation + "(body) must be called on an event-loop"
          + " thread; this is " + Thread.currentThread().getName() + ": the scope's children run"
          + " on the loop, so call it inside EventLoop.run(...)");
    }
    TaskScope scope = new TaskScope(loop, supervised);
    Task<?> bodyTask;
    try {
      bodyTask = body.apply(scope);
      if (bodyTask == null) {
        bodyTask = Task.failed(new NullPointerException(operation + "(body): the body returned"
            + " null instead of a Task; return Task.completed(value) or an @Async call's task"));
      }
    } catch (Throwable error) {
      bodyTask = Task.failed(error);
    }
    scope.body = bodyTask;
    if (scope.cancelling) {
      bodyTask.cancel(); // a child failed while the body ran up to its first await
    }
    bodyTask.whenDone(done -> scope.onLoop(() -> scope.bodyEnded(done)));
    return (Task<T>) scope.task;
  }

  /**
   * Starts a child on the scope's loop: calls {@code child} now, on this thread, and returns the
   * task that finishes as the child's does (cancelling it cancels the child). While the scope is
   * being cancelled (after a failure, or a cancel), the child is not started and the task
   * returned is already cancelled.
   *
   * @throws IllegalStateException if the scope has ended, or if called off the scope's loop thread
   */
  public <U> Task<U> spawn(Supplier<? extends Task<U>> child) {
    if (child == null) {
      throw new NullPointerException("TaskScope.spawn(child) must be given a child: null");
    }
    if (!loop.inLoop()) {
      throw new IllegalStateException("TaskScope.spawn(child) must be called on the scope's loop"
          + " thread (" + loop + "); this is " + Thread.currentThread().getName() + ": hand the"
          + " work to that loop (EventLoop.execute, or a Channel it reads) and spawn it there");
    }
    if (ended) {
      throw new IllegalStateException("TaskScope.spawn(child) must be called before the scope"
          + " ends: " + task + " has ended (its body and children are done); spawn children"
          + " from the body or from a child that is still running");
    }
    if (cancelling) {
      Task<U> cancelled = new Child<>(this);
      cancelled.cancel();
      return cancelled;
    }
    Child<U> wrapper = new Child<>(this);
    live.add(wrapper);
    Task<U> inner;
    try {
      inner = child.get();
      if (inner == null) {
        inner = Task.failed(new NullPointerException("TaskScope.spawn(child): the child returned"
            + " null instead of a Task; return Task.completed(value) or an @Async call's task"));
      }
    } catch (Throwable error) {
      inner = Task.failed(error);
    }
    wrapper.inner = inner;
    if (cancelling) {
      inner.cancel(); // the scope failed while the child ran up to its first await
    }
    inner.whenDone(wrapper);
    return wrapper;
  }

  // ---------------------------------------------------------------- on the loop thread

  private void onLoop(Runnable work) {
    if (loop.inLoop()) {
      work.run();
    } else {
      try {
        loop.execute(work);
      } catch (RejectedExecutionException stopped) {
        // the loop is gone, and with it whoever could await the scope
      }
    }
  }

  private void bodyEnded(Task<?> done) {
    bodyEnded = true;
    Throwable error = done.failureNow();
    if (error != null) {
      failed(error, true);
    } else {
      value = done.resultNow();
    }
    endIfDone();
  }

  private void childEnded(Child<?> child) {
    live.remove(child);
    boolean awaited = child.hasWaiters();
    Throwable error = child.inner.failureNow();
    child.takeOutcome();
    if (error != null && !(error instanceof CancellationException)) {
      if (!supervised) {
        failed(error, false);
      } else if (!awaited) {
        EventLoop.report(EventLoop.ownHandler(loop), child, error);
      }
    }
    child.failureNow(); // the scope answered for it: never reported again as unobserved
    endIfDone();
  }

  /** A failure: the first cancels everything; later ones are added to it. */
  private void failed(Throwable error, boolean ofBody) {
    if (error instanceof CancellationException && (cancelling || !ofBody)) {
      return; // what the scope cancelled, or a child someone cancelled: not a failure
    }
    if (failure == null) {
      failure = error;
      cancelAll();
    } else if (failure != error) {
      failure.addSuppressed(error);
    }
  }

  private void cancelAll() {
    if (cancelling) {
      return;
    }
    cancelling = true;
    if (body != null && !bodyEnded) {
      body.cancel();
    }
    for (Child<?> child : live.toArray(new Child<?>[0])) { // a cancel may end a child at once
      if (child.inner != null) { // null: still starting; spawn cancels it when it returns
        child.inner.cancel();
      }
    }
  }

  private void requestCancel() {
    if (!ended) {
      cancelRequested = true;
      cancelAll();
    }
  }

  private void endIfDone() {
    if (ended || !bodyEnded || !live.isEmpty()) {
      return;
    }
    ended = true;
    if (failure != null) {
      task.end(failure);
    } else if (cancelRequested) {
      task.end(new CancellationException("TaskScope cancelled: its body and children were"
          + " cancelled and have ended"));
    } else {
      task.end(value);
    }
  }

  @Override
  public String toString() {
    return (supervised ? "TaskScope.supervise" : "TaskScope.run") + " on " + loop;
  }

  /** The scope's task: ends when the scope does; a cancel reaches the body and every child. */
  private static final class ScopeTask<T> extends Task<T> {
    private final TaskScope scope;

    ScopeTask(TaskScope scope) {
      this.scope = scope;
    }

    @SuppressWarnings("unchecked")
    void end(Object outcome) {
      if (outcome instanceof Throwable) {
        completeFailure((Throwable) outcome);
      } else {
        completeValue((T) outcome);
      }
    }

    /**
     * Cancels the body and every child; the task fails with a {@link CancellationException} once
     * they have all ended (so a child that ignores the cancel delays it). Any thread.
     */
    @Override
    public boolean cancel() {
      if (isDone()) {
        return false;
      }
      scope.onLoop(scope::requestCancel);
      return true;
    }

    @Override
    public String toString() {
      return scope + " " + super.toString();
    }
  }

  /** The task {@link #spawn} returns: finishes as the child does, after the scope counted it. */
  private static final class Child<U> extends Task<U> implements Waiter, Runnable {
    private final TaskScope scope;
    /** Written once on the loop thread before the child is watched. */
    Task<U> inner;

    Child(TaskScope scope) {
      this.scope = scope;
    }

    /** The child ended, on any thread: count it on the scope's loop. */
    @Override
    public void taskDone(Task<?> done) {
      scope.onLoop(this);
    }

    @Override
    public void run() {
      scope.childEnded(this);
    }

    void takeOutcome() {
      completeFrom(inner);
    }

    /** Cancels the child (it ends, and this task with it, when it has stopped). */
    @Override
    public boolean cancel() {
      return inner == null ? super.cancel() : inner.cancel();
    }

    @Override
    public String toString() {
      return "child of " + scope + " " + super.toString();
    }
  }
}
