package dev.spindle.bench.kotlin

import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlinx.coroutines.CompletableDeferred

/**
 * The Kotlin anchor of `AsyncStackTraceBenchmark`: a failure that passes [levels] suspend
 * functions, each awaiting the next, the innermost awaiting a `Deferred` that already failed, as
 * Spindle's chain awaits a failed `Task`. In kotlinx's debug mode (`-Dkotlinx.coroutines.debug=on`)
 * that await recovers the stack trace: it copies the exception and gives the copy the suspended
 * functions' frames. Started with `startCoroutine` and never suspending, so no dispatcher runs.
 */
object KotlinFailures {
  /** Runs the chain and returns what reached its root (the exception, or a recovered copy). */
  @JvmStatic
  fun failThrough(levels: Int): Throwable {
    var outcome: Throwable? = null
    val root: suspend () -> Int = { level(levels) }
    root.startCoroutine(Continuation(EmptyCoroutineContext) { outcome = it.exceptionOrNull() })
    return outcome!!
  }

  private suspend fun level(n: Int): Int {
    if (n == 0) {
      val failed = CompletableDeferred<Int>()
      failed.completeExceptionally(IllegalStateException("failed at the bottom"))
      return failed.await() + 1
    }
    val value = level(n - 1)
    return value + 1
  }
}
