package dev.spindle.examples;

import dev.spindle.Promise;
import dev.spindle.Task;

/** Waiting for the first of two tasks without cancelling the other, as the servers' stops do. */
final class FirstOf {
  private FirstOf() {}

  /**
   * Finishes when either task does, cancelling neither (unlike {@link Task#any}): on a stop the
   * accept loop is not cancelled but ends by itself when the listener closes.
   */
  static Task<Void> firstOf(Task<?> first, Task<?> second) {
    Promise<Void> either = new Promise<>();
    first.whenDone(done -> either.complete(null));
    second.whenDone(done -> either.complete(null));
    return either.task();
  }
}
