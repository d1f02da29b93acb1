package dev.spindle.task;

/**
 * What a task and a suspended call need from the thread that runs them, as smol's
 * {@code async-task} takes a {@code schedule} function: the event loop implements it (with a
 * nested object, so the loop's public face gains nothing), and {@code Task} and {@code AsyncFrame}
 * know only this type, never the loop. {@link Schedulers#current()} finds the one running on the
 * calling thread.
 *
 * <p>An abstract class rather than an interface, for the hot paths: {@link #thread()} is a final
 * field that {@link Schedulers#current()} reads on every lookup, and with one subclass the JIT
 * calls the others without a type check.
 */
public abstract class Scheduler {
  private final Thread thread;

  /** A scheduler that runs on {@code thread}. */
  protected Scheduler(Thread thread) {
    this.thread = thread;
  }

  /**
   * Runs {@code work} on the scheduler's thread after what is already queued. Any thread.
   *
   * @throws java.util.concurrent.RejectedExecutionException if the scheduler has stopped
   */
  public abstract void execute(Runnable work);

  /**
   * Runs {@code frame} on the next turn, after the next I/O poll, in order with the tasks of
   * {@code EventLoop.yieldNow()}. The scheduler's thread only.
   */
  public abstract void resumeAfterNextPoll(Runnable frame);

  /** Whether the calling thread is the scheduler's thread and the scheduler still runs. */
  public abstract boolean inThread();

  /** The thread the scheduler runs on. */
  public final Thread thread() {
    return thread;
  }
}
