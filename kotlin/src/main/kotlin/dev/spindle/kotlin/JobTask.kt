package dev.spindle.kotlin

import dev.spindle.Task
import kotlinx.coroutines.Job

/**
 * A [Task] that reports the outcome of a Kotlin [Job]: cancelling the task cancels the job, and
 * the task finishes when the job does (after the job's `finally` blocks have run), as a cancelled
 * `@Async` method finishes after its own `finally` blocks.
 */
internal open class JobTask<T>(private val job: Job) : Task<T>() {
  fun succeed(value: T) {
    completeValue(value)
  }

  fun fail(error: Throwable) {
    completeFailure(error)
  }

  override fun cancel(): Boolean {
    if (isDone) {
      return false
    }
    job.cancel()
    return true
  }
}
