package dev.spindle.io;

import dev.spindle.Clock;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An event loop on its own thread, driven one step at a time from the test thread, so that a
 * test reads as a sequence of steps and assertions instead of nested callbacks. A step posted
 * after a {@code ManualClock.advance} runs after the timers that the advance made due: the loop
 * drains its inbox, then fires timers, then runs what it drained.
 */
final class LoopThread implements AutoCloseable {
  private final CompletableFuture<EventLoop> started = new CompletableFuture<>();
  private final Promise<Void> stop = new Promise<>();
  private final Thread thread;
  private final EventLoop loop;

  LoopThread(Clock clock) throws Exception {
    thread = new Thread(() -> EventLoop.builder().clock(clock).run(() -> {
      started.complete(EventLoop.current());
      return stop.task();
    }), "test-loop");
    thread.start();
    loop = started.get(10, TimeUnit.SECONDS);
  }

  EventLoop loop() {
    return loop;
  }

  /** Runs {@code step} on the loop thread and returns its result (or throws its failure). */
  <T> T call(Supplier<T> step) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(step.get());
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof Error) {
        throw (Error) failed.getCause(); // an assertion made on the loop
      }
      throw failed;
    }
  }

  /** Runs {@code action} on the loop thread and waits for it. */
  void run(Runnable action) throws Exception {
    call(() -> {
      action.run();
      return null;
    });
  }

  /** Checks {@code condition} on the loop, a turn at a time, until it holds (10 s at most). */
  void awaitOnLoop(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!call(condition::getAsBoolean)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after 10 s: " + what);
      }
      Thread.sleep(1); // polling with a deadline: the condition waits on the kernel
    }
  }

  @Override
  public void close() {
    stop.complete(null);
    try {
      thread.join(10_000);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt(); // JUnit's timeout: stop waiting
    }
  }
}
