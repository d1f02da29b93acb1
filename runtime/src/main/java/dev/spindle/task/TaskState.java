package dev.spindle.task;

/**
 * The life of a task, and of the {@code AsyncFrame} behind a suspended {@code @Async} call.
 *
 * <h2>Task</h2>
 *
 * <pre>
 *   PENDING ──complete(value)──▶ SUCCEEDED
 *      │  └────fail(error)─────▶ FAILED
 *      └──────cancel()─────────▶ CANCELLED   (a failure with CancellationException)
 * </pre>
 *
 * A task leaves {@code PENDING} exactly once, by one compare-and-set of its result (any thread;
 * the first writer wins, later ones get {@code false}). It never changes again. Waiters are told
 * after the result is published, once each, on the thread that won.
 *
 * <h2>AsyncFrame (one suspended call)</h2>
 *
 * <pre>
 *   (no frame) ──first await of an unfinished task──▶ SUSPENDED(k)
 *   SUSPENDED(k) ──awaited task finishes──▶ QUEUED      (on its loop's run queue)
 *   QUEUED ──loop runs it──▶ RUNNING ──await──▶ SUSPENDED(k')
 *   RUNNING ──return of a finished task / throw──▶ SUCCEEDED | FAILED | CANCELLED
 *   RUNNING ──return of an unfinished task──▶ RETURNED ──it finishes──▶ QUEUED ──▶ done
 * </pre>
 *
 * {@code k} is {@code AsyncFrame.state}, the 1-based suspension point. Only the frame's loop
 * thread moves it between {@code QUEUED}, {@code RUNNING} and {@code SUSPENDED}; any thread may
 * finish the awaited task, which only queues the frame. A cancel in any phase is remembered and
 * thrown at the next {@code await} (see {@code AsyncFrame.cancel()}).
 */
public enum TaskState {
  /** Not finished; waiters are queued. */
  PENDING,
  /** Finished with a value ({@code null} included). */
  SUCCEEDED,
  /** Finished with a failure other than a cancellation. */
  FAILED,
  /** Finished with a {@link java.util.concurrent.CancellationException}. */
  CANCELLED;

  /** Whether a task in this state may next be in {@code next}: only {@code PENDING} moves. */
  public boolean canBecome(TaskState next) {
    return this == PENDING && next != PENDING;
  }

  /** Whether the task has finished. */
  public boolean isFinal() {
    return this != PENDING;
  }
}
