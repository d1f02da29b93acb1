package dev.spindle.kotlin;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import kotlin.Unit;

/** The Java level of a Kotlin -> Java -> Kotlin chain (see TraceLevels.kt). */
final class JavaMiddleLevel {
  private JavaMiddleLevel() {}

  @Async
  static Task<String> middle(Task<Unit> gate, Throwable[] thrown) {
    String value = await(Coroutines.suspend(c -> TraceLevelsKt.innermostLevel(gate, thrown, c))); // MARK java-middle-await
    return Task.completed(value.trim());
  }
}
