package dev.spindle.kotlin

import dev.spindle.Task
import dev.spindle.Waiter
import kotlin.coroutines.resume
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Waits for this task without blocking a thread and returns its value, as `Await.await` does in
 * an `@Async` method (and as kotlinx's `CompletableFuture.await()` does for a future).
 *
 * A finished task is read at once, without suspending. A failed task throws its exception
 * unwrapped, with the coroutine's suspended functions appended to its stack trace (async stack
 * traces, as `@Async` methods get). If the coroutine is cancelled while it waits, the task is cancelled too and this
 * waiter is removed from it. The coroutine resumes through its own dispatcher, whichever thread
 * finishes the task.
 */
suspend fun <T> Task<T>.await(): T {
  if (isDone) {
    val error = try {
      return resultNow()
    } catch (failure: Throwable) {
      failure
    }
    return rethrow(error)
  }
  return suspendCancellableCoroutine { continuation ->
    val waiter = ContinuationWaiter(this, continuation)
    continuation.invokeOnCancellation(waiter)
    whenDone(waiter)
  }
}

/**
 * Throws [error] in the calling coroutine, with the suspended functions of its chain appended to
 * the trace ([CoroutineFrames]): the continuation is the awaiting function's own, reachable only
 * from inside a suspend call. Generic, so that [await] calls it as a tail call and gets no state machine of its
 * own (nothing allocated on the success path).
 */
private suspend fun <T> rethrow(error: Throwable): T =
    suspendCoroutineUninterceptedOrReturn<T> { continuation ->
      CoroutineFrames.append(error, continuation)
      throw error
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
      CoroutineFrames.append(error, continuation)
      continuation.resumeWithException(error)
    }
  }
}
