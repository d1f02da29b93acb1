package dev.spindle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Several {@link EventLoop}s, each on its own thread ({@code spindle-loop-0}, {@code
 * spindle-loop-1}, ...), to use several cores: like Netty's {@code EventLoopGroup} or a
 * multi-threaded tokio runtime without work stealing. A connection, and the tasks that serve it,
 * stay on one loop for their whole life, so handlers still need no locks; what loops share goes
 * through {@link #submit} or {@link EventLoop#execute}, and per-loop state through
 * {@link LoopLocal}.
 *
 * <pre>{@code
 * try (EventLoopGroup group = EventLoopGroup.start()) {   // one loop per core
 *   AsyncTcpListener listener = AsyncTcpListener.bind(address, group);
 *   Task.all(group.submitToEach(() -> serve(listener))).join(); // an accept loop on every loop
 * }
 * }</pre>
 *
 * <p>Compared with an {@link java.util.concurrent.ExecutorService} of n threads: a task never
 * moves between threads; an {@code @Async} method that awaits a task of another loop resumes on
 * its own loop, as it always does.
 *
 * <p>Life: {@link #start} returns once every loop runs. {@link #shutdown(Duration)} refuses new
 * {@link #submit}s, lets the submitted tasks still running finish within the deadline, cancels
 * those left, then stops the loops (work still queued on them is dropped, as when
 * {@link EventLoop#run} returns). {@link #close()} shuts down with {@link
 * #DEFAULT_SHUTDOWN_TIMEOUT} and waits for the threads to end. Every method may be called from
 * any thread, except that {@link #close()} refuses on a loop of the group (it would wait for
 * itself).
 */
public final class EventLoopGroup implements AutoCloseable {
  /** How long {@link #shutdown()} and {@link #close()} let submitted tasks run before cancelling. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoop[] loops;
  private final Thread[] threads;
  /** One per loop: completing it ends that loop's {@link EventLoop#run}. */
  private final List<Promise<Void>> stops;
  /** Any thread: where {@link #next()} is in its round. */
  private final AtomicInteger nextIndex = new AtomicInteger();
  /** Any thread: the submitted tasks not yet finished, for {@link #shutdown} to wait for. */
  private final Set<Task<?>> running = ConcurrentHashMap.newKeySet();
  /** Any thread: set once by the first {@link #shutdown}; submits refused from then on. */
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  /** Finishes when every loop has stopped. */
  private final Promise<Void> terminated = new Promise<>();
  private final AtomicInteger loopsRunning;

  private EventLoopGroup(int count) {
    loops = new EventLoop[count];
    threads = new Thread[count];
    stops = new ArrayList<>(count);
    loopsRunning = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      stops.add(new Promise<>());
    }
  }

  /**
   * Starts {@code loops} event loops, each on a new (non-daemon) thread named
   * {@code spindle-loop-N}, N from 0; returns once all of them run.
   *
   * @throws IllegalArgumentException if {@code loops} is less than 1
   */
  public static EventLoopGroup start(int loops) {
    if (loops < 1) {
      throw new IllegalArgumentException("EventLoopGroup.start(loops) must be given at least 1"
          + " loop: " + loops + "; use EventLoopGroup.start() for one per available processor");
    }
    EventLoopGroup group = new EventLoopGroup(loops);
    group.startThreads();
    return group;
  }

  /** {@link #start(int)} with one loop per available processor. */
  public static EventLoopGroup start() {
    return start(Runtime.getRuntime().availableProcessors());
  }

  private void startThreads() {
    CountDownLatch started = new CountDownLatch(loops.length);
    for (int i = 0; i < loops.length; i++) {
      int index = i;
      threads[i] = new Thread(() -> runLoop(index, started), "spindle-loop-" + i);
      threads[i].start();
    }
    boolean interrupted = false;
    while (true) {
      try {
        started.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the loops are starting: wait for them, then keep the interrupt
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void runLoop(int index, CountDownLatch started) {
    try {
      EventLoop.run(() -> {
        loops[index] = EventLoop.current(); // published to other threads by the latch
        started.countDown();
        return stops.get(index).task();
      });
    } finally {
      if (loopsRunning.decrementAndGet() == 0) {
        terminated.complete(null);
      }
    }
  }

  /** How many loops the group has. */
  public int size() {
    return loops.length;
  }

  /**
   * The next loop in round-robin order (0, 1, ..., size - 1, 0, ...), for work that may run on
   * any loop. Any thread.
   */
  public EventLoop next() {
    return loops[Math.floorMod(nextIndex.getAndIncrement(), loops.length)];
  }

  /** The loop at {@code index}, from 0 to {@link #size()} - 1. */
  public EventLoop loop(int index) {
    if (index < 0 || index >= loops.length) {
      throw new IndexOutOfBoundsException("EventLoopGroup.loop(index) must be given an index from"
          + " 0 to " + (loops.length - 1) + ": " + index);
    }
    return loops[index];
  }

  /** The position of {@code loop} in this group, or -1 if it is not one of the group's loops. */
  public int indexOf(EventLoop loop) {
    for (int i = 0; i < loops.length; i++) {
      if (loops[i] == loop) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Runs {@code work} on the {@link #next()} loop and returns a task that finishes as the task
   * {@code work} returns does, like {@link java.util.concurrent.ExecutorService#submit}. An
   * {@code @Async} method awaiting it from another loop resumes on its own loop. The task counts
   * for {@link #shutdown}: it may finish within the deadline, then it is cancelled. Any thread.
   *
   * @throws RejectedExecutionException once {@link #shutdown} has been called
   */
  public <T> Task<T> submit(Supplier<? extends Task<T>> work) {
    return submit(next(), work);
  }

  /**
   * Runs {@code work} once on every loop, as {@link #submit} does: the way to start a per-loop
   * service, such as an accept loop on each loop of a listener bound with
   * {@code AsyncTcpListener.bind(address, group)}. The tasks are in the order of the loops.
   *
   * @throws RejectedExecutionException once {@link #shutdown} has been called
   */
  public <T> List<Task<T>> submitToEach(Supplier<? extends Task<T>> work) {
    List<Task<T>> tasks = new ArrayList<>(loops.length);
    for (EventLoop loop : loops) {
      tasks.add(submit(loop, work));
    }
    return tasks;
  }

  private <T> Task<T> submit(EventLoop loop, Supplier<? extends Task<T>> work) {
    if (work == null) {
      throw new NullPointerException("EventLoopGroup.submit(work) must be given work: null");
    }
    Submitted<T> task = new Submitted<>();
    running.add(task); // before the check: a shutdown that comes later waits for it
    task.whenDone(done -> running.remove(done));
    if (shuttingDown.get()) {
      task.cancel(); // in case that shutdown counted it
      throw new RejectedExecutionException("EventLoopGroup.submit(work) must be called before"
          + " shutdown(): " + this + " is shutting down, so " + work + " would never run");
    }
    try {
      loop.execute(() -> task.start(work));
    } catch (RejectedExecutionException stopped) {
      task.cancel();
      throw stopped;
    }
    return task;
  }

  /** {@link #shutdown(Duration)} with {@link #DEFAULT_SHUTDOWN_TIMEOUT}. */
  public Task<Void> shutdown() {
    return shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /**
   * Shuts the group down gracefully: refuses new {@link #submit}s at once, waits until the
   * submitted tasks still running have finished or {@code timeout} has passed, cancels those
   * left (their {@code finally} blocks run on their loops), then stops every loop. The task
   * finishes once every loop has stopped. Calling it again returns the same outcome and changes
   * nothing. Any thread.
   */
  public Task<Void> shutdown(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("EventLoopGroup.shutdown(timeout) must be given zero or"
          + " a positive duration: " + timeout + "; for example Duration.ofSeconds(10)");
    }
    if (shuttingDown.compareAndSet(false, true)) {
      Task<?>[] left = running.toArray(new Task<?>[0]);
      TimerHandle deadline = loops[0].runAfter(timeout, this::cancelRunning);
      AtomicInteger unfinished = new AtomicInteger(left.length + 1);
      Waiter oneFinished = done -> {
        if (unfinished.decrementAndGet() == 0) {
          deadline.cancel();
          stopLoops();
        }
      };
      for (Task<?> task : left) {
        task.whenDone(oneFinished); // failed or not: a failure is its awaiter's to see
      }
      oneFinished.taskDone(null);
    }
    return terminated.task();
  }

  /** Ends every loop's run, after what its queue holds (a cancellation's clean-up included). */
  private void stopLoops() {
    for (int i = 0; i < loops.length; i++) {
      Promise<Void> stop = stops.get(i);
      try {
        loops[i].execute(() -> stop.complete(null));
      } catch (RejectedExecutionException alreadyStopped) {
        stop.complete(null);
      }
    }
  }

  private void cancelRunning() {
    for (Task<?> task : running.toArray(new Task<?>[0])) {
      task.cancel();
    }
  }

  /**
   * Shuts down with {@link #DEFAULT_SHUTDOWN_TIMEOUT} and waits for every loop thread to end.
   *
   * @throws IllegalStateException on a loop of this group, which would wait for itself
   */
  @Override
  public void close() {
    EventLoop current = EventLoop.currentOrNull();
    if (current != null && indexOf(current) >= 0) {
      throw new IllegalStateException("EventLoopGroup.close() must not be called on a loop of the"
          + " group (" + Thread.currentThread().getName() + "): it waits for every loop to end,"
          + " this one included; await group.shutdown() from outside the group instead");
    }
    shutdown();
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "EventLoopGroup[" + loops.length + " loops" + (shuttingDown.get()
        ? terminated.task().isDone() ? ", terminated]" : ", shutting down]" : "]");
  }

  /** The task of {@link #submit}: finishes as the task its work returned does. */
  private static final class Submitted<T> extends Task<T> implements Waiter {
    /** The task {@code work} returned; loop thread writes it, {@link #cancel} reads it. */
    private volatile Task<? extends T> inner;

    /** On the loop: runs the work and follows its task. */
    void start(Supplier<? extends Task<T>> work) {
      if (isDone()) {
        return; // cancelled before it ran
      }
      Task<? extends T> task;
      try {
        task = work.get();
        if (task == null) {
          throw new NullPointerException("EventLoopGroup.submit(work): work returned null"
              + " instead of a Task; return Task.completed(value) or the task of an @Async"
              + " method");
        }
      } catch (Throwable failure) {
        completeFailure(failure);
        return;
      }
      inner = task;
      task.whenDone(this);
      if (isDone()) {
        task.cancel(); // cancelled while the work ran
      }
    }

    @Override
    public void taskDone(Task<?> done) {
      completeFrom(done);
    }

    @Override
    public boolean cancel() {
      boolean cancelled = super.cancel();
      Task<? extends T> task = inner;
      if (cancelled && task != null) {
        task.cancel();
      }
      return cancelled;
    }
  }
}
