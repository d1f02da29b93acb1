package dev.spindle.bench.kotlin

import java.util.concurrent.Executor
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * The Kotlin side of each micro-benchmark, written as a Kotlin user would write it, so that the
 * numbers are those of code kotlinc lowered into its own state machines. Called from the Java JMH
 * classes (JMH's annotation processor does not read Kotlin).
 */
object KotlinAnchors {
  /** `yield()` [count] times inside `runBlocking`: the coroutine loop on the calling thread. */
  @JvmStatic
  fun yieldOnRunBlocking(count: Int): Int = runBlocking {
    repeat(count) { yield() }
    count
  }

  /** `yield()` [count] times on a single-thread dispatcher (an executor's one thread). */
  @JvmStatic
  fun yieldOnDispatcher(dispatcher: CoroutineDispatcher, count: Int): Int =
    runBlocking(dispatcher) {
      repeat(count) { yield() }
      count
    }

  /**
   * [count] hand-offs through a [CompletableDeferred]: each round the consumer makes a deferred,
   * asks [completer] to complete it (the dispatcher's own executor, or another thread), and
   * suspends on `await()` until it is.
   */
  @JvmStatic
  fun handOff(dispatcher: CoroutineDispatcher, completer: Executor, count: Int): Long =
    runBlocking {
      withContext(dispatcher) {
        var sum = 0L
        for (i in 0 until count) {
          val deferred = CompletableDeferred<Int>()
          completer.execute { deferred.complete(i) }
          sum += deferred.await()
        }
        sum
      }
    }

  /**
   * Schedules [count] `delay()`s of an hour, each in a coroutine started at once, then cancels
   * them all: what `withTimeout` costs when the work wins.
   */
  @JvmStatic
  fun scheduleAndCancelDelays(dispatcher: CoroutineDispatcher, count: Int): Int =
    runBlocking(dispatcher) {
      val jobs = arrayOfNulls<Job>(count)
      for (i in 0 until count) {
        jobs[i] = launch(start = CoroutineStart.UNDISPATCHED) { delay(3_600_000L) }
      }
      for (job in jobs) {
        job!!.cancel()
      }
      count
    }
}
