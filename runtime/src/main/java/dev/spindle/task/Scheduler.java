package dev.spindle.task;

/**
 * What a task and a suspended call need from the thread that runs them, as smol's
 * {@code async-task} takes a {@code schedule} function: the event loop implements it (with an
 * inner object, so the loop's public face gains nothing), and {@code Task} and {@code AsyncFrame}
 * know only this interface, never the loop. {@link Schedulers#current()} finds the one running on
 * the calling thread.
 */
public interface Scheduler {
  /**
   * Runs {@code work} on the scheduler's thread after what is already queued. Any thread.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler has stopped
   */
  void execute(Runnable work);

  /**
   * Runs {@code frame} on the next turn, after the next I/O poll, in order with the tasks of
   * {@code EventLoop.yieldNow()}. The scheduler's thread only.
   */
  void resumeAfterNextPoll(Runnable frame);

  /** Whether the calling thread is the scheduler's thread and the scheduler still runs. */
  boolean inThread();

  /** The thread the scheduler runs on. */
  Thread thread();
}
