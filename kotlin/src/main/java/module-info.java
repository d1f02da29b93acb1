/**
 * Kotlin coroutines and Spindle tasks on one loop: {@code Task.await()}, a loop as a
 * {@code CoroutineDispatcher}, coroutines as tasks, and {@code Coroutines} for Java callers.
 */
module dev.spindle.kotlin {
  requires transitive dev.spindle.runtime;
  requires transitive kotlin.stdlib;
  requires transitive kotlinx.coroutines.core;

  exports dev.spindle.kotlin;
}
