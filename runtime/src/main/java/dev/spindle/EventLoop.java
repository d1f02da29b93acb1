package dev.spindle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One thread that runs tasks, timers and socket readiness, like a Netty {@code EventLoop} or a
 * single-threaded tokio runtime: {@code @Async} code on it never needs a lock.
 *
 * <p>Compared with an {@link java.util.concurrent.ExecutorService} of one thread, the loop also
 * owns a {@link Selector}, so waiting for a socket costs no thread. Other threads hand it work
 * through {@link #execute(Runnable)}; see {@code docs/threading.md} for who may touch what.
 *
 * <p>PRELIMINARY: run queue, inbox and selector turn only; timers, sleep and the reactor are
 * being filled in.
 */
public final class EventLoop implements Executor {
  private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

  private final Thread thread;
  private final Selector selector;
  /** Loop thread only. */
  private final ArrayDeque<Runnable> runQueue = new ArrayDeque<>(1024);
  /** Any thread adds; the loop thread drains. */
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  /** Set by the first thread to post since the loop's last turn; coalesces wakeups. */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();

  private EventLoop(Thread thread) {
    this.thread = thread;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("EventLoop could not open a Selector", e);
    }
  }

  /**
   * Runs a loop on the calling thread until {@code main}'s task finishes, then returns its value
   * or throws its failure (unwrapped). {@code main} is called on the loop thread.
   */
  public static <T> T run(Supplier<? extends Task<T>> main) {
    if (CURRENT.get() != null) {
      throw new IllegalStateException("EventLoop.run() must not be nested: this thread ("
          + Thread.currentThread().getName() + ") already runs a loop; await the task instead");
    }
    EventLoop loop = new EventLoop(Thread.currentThread());
    CURRENT.set(loop);
    try {
      Task<T> task = main.get();
      while (!task.isDone()) {
        loop.turn();
      }
      return task.resultNow();
    } finally {
      CURRENT.remove();
      try {
        loop.selector.close();
      } catch (IOException ignored) {
        // closing the selector of a finished loop; nothing is waiting on it
      }
    }
  }

  /** The loop running on this thread. */
  public static EventLoop current() {
    EventLoop loop = CURRENT.get();
    if (loop == null) {
      throw new IllegalStateException("EventLoop.current() must be called on an event-loop"
          + " thread; this is " + Thread.currentThread().getName() + ": start one with"
          + " EventLoop.run(...)");
    }
    return loop;
  }

  /** The loop running on this thread, or {@code null}. */
  public static EventLoop currentOrNull() {
    return CURRENT.get();
  }

  /** Whether the calling thread is this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code work} on the loop thread, after what is already queued. Any thread. */
  @Override
  public void execute(Runnable work) {
    if (Thread.currentThread() == thread) {
      runQueue.addLast(work);
    } else {
      inbox.add(work);
      if (wakeupPending.compareAndSet(false, true)) {
        selector.wakeup();
      }
    }
  }

  /** A task that finishes on the loop's next turn, after an I/O poll. */
  public static Task<Void> yieldNow() {
    EventLoop loop = current();
    Promise<Void> promise = new Promise<>();
    loop.yielded.addLast(promise);
    return promise.task();
  }

  private final ArrayDeque<Promise<Void>> yielded = new ArrayDeque<>();

  /** Starts {@code task} detached; a failure nobody handles is reported, never lost. */
  public static <T> Task<T> spawn(Task<T> task) {
    task.whenDone(done -> {
      Throwable error = done.failureNow();
      if (error != null && !done.isCancelled()) {
        System.getLogger("dev.spindle").log(System.Logger.Level.ERROR,
            "a spawned task failed and nobody handled it", error);
      }
    });
    return task;
  }

  private void turn() {
    boolean hasWork = !runQueue.isEmpty() || !inbox.isEmpty();
    try {
      if (hasWork || !yielded.isEmpty()) {
        selector.selectNow(key -> { });
      } else {
        selector.select(key -> { });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("EventLoop selector failed", e);
    }
    wakeupPending.set(false);
    for (Runnable r; (r = inbox.poll()) != null; ) {
      runQueue.addLast(r);
    }
    for (int n = yielded.size(); n > 0; n--) {
      yielded.pollFirst().complete(null);
    }
    for (Runnable r; (r = runQueue.pollFirst()) != null; ) {
      try {
        r.run();
      } catch (Throwable error) {
        System.getLogger("dev.spindle").log(System.Logger.Level.ERROR,
            "uncaught exception on the event loop", error);
      }
    }
  }
}
