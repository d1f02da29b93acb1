package dev.spindle.task;

/** The outcome of a failed task: a holder, so that a failure can never be mistaken for a value. */
public final class Failure {
  public final Throwable error;

  public Failure(Throwable error) {
    this.error = error;
  }
}
