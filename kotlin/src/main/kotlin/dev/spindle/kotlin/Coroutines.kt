package dev.spindle.kotlin

import dev.spindle.EventLoop
import dev.spindle.Task
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.intrinsics.createCoroutineUnintercepted
import kotlin.coroutines.intrinsics.intercepted
import kotlin.coroutines.intrinsics.suspendCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job

/**
 * Kotlin coroutines as Spindle [Task]s, for Java: an `@Async` method awaits a Kotlin `suspend`
 * call, a [Deferred] or a [Job] in one line.
 *
 * ```java
 * String user = await(Coroutines.suspend(c -> Api.fetchUser(42, c)));
 * ```
 *
 * Compared with kotlinx's `future { }` and `Deferred.asCompletableFuture()`: the result is a
 * [Task], so no `CompletionException` wraps a failure, and the Kotlin side runs on the Spindle
 * loop that the caller runs on rather than on a Kotlin dispatcher's threads. Cancelling the task
 * cancels the Kotlin side; a Kotlin cancellation is a Spindle cancellation
 * ([Task.isCancelled]); any other exception crosses as the very object that was thrown.
 */
object Coroutines {
  /**
   * A call of a Kotlin `suspend` function from Java. The Kotlin compiler gives such a function one
   * more parameter, a [Continuation], and lets it return either its value or the marker
   * `COROUTINE_SUSPENDED`; write the call as `c -> Api.fetch(42, c)`.
   */
  fun interface SuspendCall<T> {
    /** Calls the function with [continuation] as its last argument; returns what it returns. */
    fun call(continuation: Continuation<T>): Any?
  }

  /**
   * Starts [call] now, on the calling thread, and returns its outcome as a task.
   *
   * On an event-loop thread the Kotlin side runs on that loop
   * ([EventLoop.asCoroutineDispatcher], immediate flavour): a call that does not suspend has
   * finished when this returns, and a resumption from another thread is handed to the loop.
   * Outside any loop it runs unconfined, like a Spindle call started outside a loop. The call
   * gets its own [Job], cancelled by [Task.cancel].
   */
  @JvmStatic
  fun <T> suspend(call: SuspendCall<T>): Task<T> {
    val loop = EventLoop.currentOrNull()
    val dispatcher = if (loop != null) EventLoopDispatcher(loop, true) else Dispatchers.Unconfined
    val task = SuspendCallTask<T>(dispatcher)
    val body: suspend () -> T = {
      // The callee gets an intercepted continuation, as suspendCoroutine gives: whichever thread
      // resumes it, the rest of the call goes through the dispatcher.
      suspendCoroutineUninterceptedOrReturn { continuation ->
        call.call(continuation.intercepted())
      }
    }
    // startCoroutine, spelled out: the body is created with the task as its completion and first
    // runs through the dispatcher, which runs it at once on the loop thread.
    body.createCoroutineUnintercepted(task).intercepted().resume(Unit)
    return task
  }

  /**
   * The outcome of [deferred] as a task; cancelling the task cancels the deferred. Like
   * `Deferred.asCompletableFuture()`, with the failure unwrapped.
   */
  @JvmStatic
  @OptIn(ExperimentalCoroutinesApi::class) // getCompleted(): read in the completion handler only
  fun <T> fromDeferred(deferred: Deferred<T>): Task<T> {
    val task = JobTask<T>(deferred)
    deferred.invokeOnCompletion { cause ->
      if (cause == null) task.succeed(deferred.getCompleted()) else task.fail(cause)
    }
    return task
  }

  /** A task that finishes when [job] does; cancelling the task cancels the job. */
  @JvmStatic
  fun fromJob(job: Job): Task<Void?> {
    val task = JobTask<Void?>(job)
    job.invokeOnCompletion { cause -> if (cause == null) task.succeed(null) else task.fail(cause) }
    return task
  }
}

/** The task of one [Coroutines.suspend] call, and that call's completion continuation. */
private class SuspendCallTask<T>(
    dispatcher: CoroutineDispatcher,
    private val job: CompletableJob = Job(),
) : JobTask<T>(job), Continuation<T> {
  override val context: CoroutineContext = dispatcher + job

  override fun resumeWith(result: Result<T>) {
    result.fold(
        onSuccess = { value ->
          succeed(value)
          job.complete()
        },
        onFailure = { error ->
          CoroutineFrames.leftCoroutine(error)
          fail(error)
          job.completeExceptionally(error)
        },
    )
  }
}
