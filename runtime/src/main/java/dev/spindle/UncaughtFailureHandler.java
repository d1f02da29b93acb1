package dev.spindle;

/**
 * Told about a failure nobody else will see: a {@link EventLoop#spawn spawned} task that failed,
 * a failed task that was garbage-collected before anyone observed its failure (awaited, joined,
 * spawned it, gave it a waiter or read {@link Task#failureNow()}), or an exception thrown by a
 * callback the loop ran (a runnable, a timer action, a waiter). The counterpart of
 * {@link Thread.UncaughtExceptionHandler} for tasks. The default logs at {@code ERROR} through
 * {@link System.Logger} (logger {@code dev.spindle}).
 *
 * <p>Called on the thread where the failure surfaced, usually the loop thread: it must be quick
 * and must not block. A collected task is reported on its loop's thread while that loop runs,
 * else on the thread {@code spindle-unobserved-failures}. An exception it throws is logged, never
 * propagated.
 */
@FunctionalInterface
public interface UncaughtFailureHandler {
  /**
   * @param task the failed spawned task, the task whose waiter threw, a stand-in for a collected
   *     task (failed with the same exception, named as the task was, its {@code toString()}
   *     saying that nobody observed it), or {@code null} for a callback that belongs to no task
   * @param failure what was thrown
   */
  void uncaughtFailure(Task<?> task, Throwable failure);
}
