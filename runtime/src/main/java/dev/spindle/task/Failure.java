package dev.spindle.task;

import java.lang.ref.Cleaner;

/**
 * The outcome of a failed task: a holder, so that a failure can never be mistaken for a value.
 * Each task has its own, which also records whether anyone was handed the failure (see
 * {@code docs/design.md}, "What observes a failure").
 */
public final class Failure {
  public final Throwable error;
  /** Any thread sets it, once; the reporter of unobserved failures reads it. */
  private volatile boolean observed;
  /**
   * The registration that reports this failure if its task is collected unobserved, or
   * {@code null}. Set once by the thread that failed the task; cleared by {@link #observe()}.
   */
  private volatile Cleaner.Cleanable watch;

  public Failure(Throwable error) {
    this.error = error;
  }

  /**
   * Someone was handed this failure, or a waiter that will be; idempotent and cheap. A watched
   * failure is unregistered here, so that the collector has no reference to process for it.
   */
  public void observe() {
    if (!observed) { // a read first: a failure read again and again costs no write
      observed = true;
      unwatch();
    }
  }

  /** Whether {@link #observe()} was called. */
  public boolean observed() {
    return observed;
  }

  /** The failure's task was registered with {@code cleanable} (once, by the failing thread). */
  public void watchedBy(Cleaner.Cleanable cleanable) {
    watch = cleanable;
    if (observed) { // observed meanwhile on another thread, which may not have seen the watch
      unwatch();
    }
  }

  private void unwatch() {
    Cleaner.Cleanable cleanable = watch;
    if (cleanable != null) {
      watch = null;
      cleanable.clean(); // runs the report's action at once, which sees the failure observed
    }
  }
}
