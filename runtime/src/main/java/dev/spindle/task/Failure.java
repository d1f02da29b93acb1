package dev.spindle.task;

/**
 * The outcome of a failed task: a holder, so that a failure can never be mistaken for a value.
 * Each task has its own, which also records whether anyone was handed the failure (see
 * {@code docs/design.md}, "What observes a failure").
 */
public final class Failure {
  public final Throwable error;
  /** Any thread sets it, once; the reporter of unobserved failures reads it. */
  private volatile boolean observed;

  public Failure(Throwable error) {
    this.error = error;
  }

  /** Someone was handed this failure, or a waiter that will be; idempotent and cheap. */
  public void observe() {
    if (!observed) { // a read first: a failure read again and again costs no write
      observed = true;
    }
  }

  /** Whether {@link #observe()} was called. */
  public boolean observed() {
    return observed;
  }
}
