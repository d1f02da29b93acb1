package dev.spindle.agent.transform.support;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where corpus methods get the tasks they await: finished ones, ones finished on the loop's next
 * turn, or ones finished by another thread, as the {@link Mode} says. Optionally the n-th task
 * (1-based) fails with {@link #failure()} instead.
 */
public final class Source {
  /** The other thread that finishes tasks in {@link Mode#OTHER_THREAD}. */
  private static final java.util.concurrent.Executor COMPLETER =
      java.util.concurrent.Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "spindle-test-completer");
        thread.setDaemon(true);
        return thread;
      });

  private final Mode mode;
  private final int failAt;
  private final RuntimeException failure;
  private int handedOut;

  private Source(Mode mode, int failAt) {
    this.mode = mode;
    this.failAt = failAt;
    this.failure = new IllegalStateException("injected failure #" + failAt);
  }

  public static Source of(Mode mode) {
    return new Source(mode, 0);
  }

  /** A source whose {@code failAt}-th task (1-based) fails with {@link #failure()}. */
  public static Source failingAt(Mode mode, int failAt) {
    return new Source(mode, failAt);
  }

  /** The exception the failing task fails with. */
  public RuntimeException failure() {
    return failure;
  }

  /** A task with {@code value}, arriving as the mode says. */
  public <T> Task<T> of(T value) {
    handedOut++;
    if (handedOut == failAt) {
      return fail(failure);
    }
    return arrive(value, null);
  }

  /** A task nobody ever finishes (until it is cancelled). */
  public <T> Task<T> never() {
    return new Promise<T>().task();
  }

  /** A task that fails with {@code error}, arriving as the mode says. */
  public <T> Task<T> fail(Throwable error) {
    return arrive(null, error);
  }

  /** A {@link CompletionStage} with {@code value}, arriving as the mode says. */
  public <T> CompletionStage<T> stage(T value) {
    CompletableFuture<T> future = new CompletableFuture<>();
    Task<T> task = of(value);
    task.whenDone(done -> {
      Throwable error = task.failureNow();
      if (error == null) {
        future.complete(task.resultNow());
      } else {
        future.completeExceptionally(error);
      }
    });
    return future;
  }

  private <T> Task<T> arrive(T value, Throwable error) {
    if (mode == Mode.DONE || mode == Mode.ALWAYS_SUSPEND) {
      return error == null ? Task.completed(value) : Task.failed(error);
    }
    Promise<T> promise = new Promise<>();
    Runnable finish = () -> {
      if (error == null) {
        promise.complete(value);
      } else {
        promise.fail(error);
      }
    };
    EventLoop.yieldNow().whenDone(turn -> {
      if (mode == Mode.LATER) {
        finish.run();
      } else {
        COMPLETER.execute(finish);
      }
    });
    return promise.task();
  }
}
