package dev.spindle.kotlin;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;

/** {@code @Async} Java methods that fail, for Kotlin callers. */
final class JavaFailures {
  private JavaFailures() {}

  /** Throws {@code error} before ever suspending. */
  @Async
  static Task<String> failAtOnce(RuntimeException error) {
    throw error;
  }

  /** Waits for {@code gate}, then throws {@code error}. */
  @Async
  static Task<String> failAfter(Task<?> gate, RuntimeException error) {
    await(gate);
    throw error;
  }
}
