package dev.spindle;

/**
 * The write side of a {@link Task}: whoever holds the promise decides the task's outcome.
 *
 * <p>Like {@link java.util.concurrent.CompletableFuture#complete} split from the read side, as
 * Rust's {@code oneshot::Sender} is from its receiver. {@link #complete} and {@link #fail} may be
 * called from any thread; the first call wins and later ones return {@code false}. An
 * {@code @Async} method suspended on {@link #task()} resumes on its own event-loop thread, never
 * on the thread that completed the promise.
 */
public final class Promise<T> {
  private final PromiseTask<T> task = new PromiseTask<>();

  /** A promise whose task is pending until {@link #complete} or {@link #fail} is called. */
  public Promise() {}

  /** Finishes the task with {@code value}; false if it had already finished. */
  public boolean complete(T value) {
    return task.completeValue(value);
  }

  /** Finishes the task with {@code error}; false if it had already finished. */
  public boolean fail(Throwable error) {
    return task.completeFailure(error);
  }

  /** The task this promise completes. */
  public Task<T> task() {
    return task;
  }

  private static final class PromiseTask<T> extends Task<T>
      implements dev.spindle.task.WaitDescription {
    @Override
    public String describeWait(long nowNanos) {
      return "the task of a Promise (or of Task.from(CompletionStage)), not yet completed";
    }
  }
}
