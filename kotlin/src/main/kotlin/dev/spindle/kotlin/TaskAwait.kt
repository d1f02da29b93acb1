package dev.spindle.kotlin

import dev.spindle.Task
import dev.spindle.Waiter
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Waits for this task without blocking a thread and returns its value, as `Await.await` does in
 * an `@Async` method (and as kotlinx's `CompletableFuture.await()` does for a future).
 *
 * A finished task is read at once, without suspending. A failed task throws its exception
 * unwrapped. If the coroutine is cancelled while it waits, the task is cancelled too and this
 * waiter is removed from it. The coroutine resumes through its own dispatcher, whichever thread
 * finishes the task.
 */
suspend fun <T> Task<T>.await(): T {
  if (isDone) {
    return resultNow()
  }
  return suspendCancellableCoroutine { continuation ->
    val waiter = ContinuationWaiter(this, continuation)
    continuation.invokeOnCancellation(waiter)
    whenDone(waiter)
  }
}

/**
 * Resumes a coroutine with the outcome of the task it awaits, or, if the coroutine is cancelled
 * first, forgets the task and cancels it. One object for both jobs.
 */
private class ContinuationWaiter<T>(
    private val task: Task<T>,
    private val continuation: CancellableContinuation<T>,
) : Waiter, (Throwable?) -> Unit {
  /** The coroutine was cancelled: leave no waiter behind on the task, then cancel it. */
  override fun invoke(cause: Throwable?) {
    task.removeWaiter(this)
    task.cancel()
  }

  override fun taskDone(task: Task<*>) {
    val error = task.failureNow()
    if (error == null) {
      @Suppress("UNCHECKED_CAST")
      continuation.resume(task.resultNow() as T)
    } else {
      continuation.resumeWithException(error)
    }
  }
}
