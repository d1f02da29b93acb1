package dev.spindle;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Callback composition for tests that run without the agent. It does what a rewritten
 * {@code @Async} method does: continue at once when a task is already finished, otherwise resume
 * on the event loop after it finishes (never nested inside the completing call).
 */
public final class Steps {
  private Steps() {}

  /** {@code next.apply(await(task))}, as a rewritten method would run it. */
  public static <T, R> Task<R> then(Task<T> task, Function<? super T, ? extends Task<R>> next) {
    if (task.isDone()) {
      return applyCatching(task, next);
    }
    EventLoop loop = EventLoop.current();
    Promise<R> result = new Promise<>();
    task.whenDone(done -> loop.execute(() -> forward(applyCatching(task, next), result)));
    return result.task();
  }

  /** Runs {@code step} again while its task yields true; iterates in place while tasks are done. */
  public static Task<Void> repeat(Supplier<Task<Boolean>> step) {
    Repeat repeat = new Repeat(step, EventLoop.current());
    repeat.run();
    return repeat.done.task();
  }

  /** Completes {@code to} as {@code from} finishes. */
  public static <R> void forward(Task<R> from, Promise<R> to) {
    from.whenDone(done -> {
      Throwable failure = done.failureNow();
      if (failure == null) {
        to.complete(from.resultNow());
      } else {
        to.fail(failure);
      }
    });
  }

  private static <T, R> Task<R> applyCatching(Task<T> task,
      Function<? super T, ? extends Task<R>> next) {
    try {
      @SuppressWarnings("unchecked")
      Task<R> result = (Task<R>) next.apply(task.resultNow());
      return result;
    } catch (Throwable failure) {
      return Task.failed(failure);
    }
  }

  private static final class Repeat implements Runnable {
    final Promise<Void> done = new Promise<>();
    private final Supplier<Task<Boolean>> step;
    private final EventLoop loop;
    private Task<Boolean> current;

    Repeat(Supplier<Task<Boolean>> step, EventLoop loop) {
      this.step = step;
      this.loop = loop;
    }

    @Override
    public void run() {
      for (;;) {
        if (current != null) {
          Throwable failure = current.failureNow();
          if (failure != null) {
            done.fail(failure);
            return;
          }
          if (!current.resultNow()) {
            done.complete(null);
            return;
          }
        }
        try {
          current = step.get();
        } catch (Throwable failure) {
          done.fail(failure);
          return;
        }
        if (!current.isDone()) {
          current.whenDone(finished -> loop.execute(this));
          return;
        }
      }
    }
  }
}
