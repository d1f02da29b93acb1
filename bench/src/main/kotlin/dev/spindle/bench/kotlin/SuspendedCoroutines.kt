package dev.spindle.bench.kotlin

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The Kotlin contender of the memory harness: [count] coroutines, each suspended in `await()` on
 * its own [CompletableDeferred]. [whileSuspended] runs (on the coroutine thread) while all of
 * them are suspended; then every deferred is completed and every coroutine must finish.
 */
object SuspendedCoroutines {
  @JvmStatic
  fun holdSuspended(count: Int, whileSuspended: Runnable): Long = runBlocking {
    val deferreds = arrayOfNulls<CompletableDeferred<Int>>(count)
    val jobs = arrayOfNulls<Job>(count)
    var sum = 0L
    for (i in 0 until count) {
      val deferred = CompletableDeferred<Int>()
      deferreds[i] = deferred
      jobs[i] = launch(start = CoroutineStart.UNDISPATCHED) {
        val value = deferred.await() // read before adding: `sum +=` would read sum before suspending
        sum += value
      }
    }
    whileSuspended.run()
    for (i in 0 until count) {
      deferreds[i]!!.complete(1)
    }
    for (job in jobs) {
      job!!.join()
    }
    sum
  }
}
