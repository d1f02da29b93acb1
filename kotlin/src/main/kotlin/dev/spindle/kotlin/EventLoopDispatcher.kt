package dev.spindle.kotlin

import dev.spindle.EventLoop
import java.time.Duration
import java.util.concurrent.RejectedExecutionException
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.NonDisposableHandle
import kotlinx.coroutines.cancel

/**
 * Runs coroutines on a Spindle [EventLoop] thread, beside `@Async` methods, as
 * `Executor.asCoroutineDispatcher()` runs them on an executor (an [EventLoop] is one), with the
 * loop's own timers for `delay` and `withTimeout`.
 */
fun EventLoop.asCoroutineDispatcher(): EventLoopDispatcher = EventLoopDispatcher(this, false)

/**
 * The [CoroutineDispatcher] of one Spindle [EventLoop]. Like `Dispatchers.Main`: [dispatch] queues
 * the coroutine on the loop (from any thread), and [immediate] is the flavour that runs it at once
 * when the caller is already on the loop thread.
 *
 * `delay` and `withTimeout` in its coroutines use the loop's own timers ([EventLoop.runAfter], on
 * the loop's clock) instead of kotlinx's shared timer thread: a timer fires on the loop thread,
 * and a test loop with a manual clock controls coroutine time too.
 *
 * Two dispatchers of the same loop and flavour are equal, so switching between them with
 * `withContext` costs no dispatch.
 */
// Delay is how kotlinx lets a dispatcher provide delay/withTimeout; it is marked
// @InternalCoroutinesApi (its shape may change between releases) but has no public replacement:
// kotlinx's own Android, JavaFx and Swing dispatchers implement it the same way. Without it,
// timers would run on kotlinx's DefaultExecutor thread and ignore the loop's clock.
@OptIn(InternalCoroutinesApi::class)
class EventLoopDispatcher
internal constructor(
    /** The loop this dispatcher runs coroutines on. */
    val loop: EventLoop,
    private val invokeImmediately: Boolean,
) : CoroutineDispatcher(), Delay {

  /** The flavour that does not re-dispatch a coroutine already running on the loop thread. */
  val immediate: EventLoopDispatcher =
      if (invokeImmediately) this else EventLoopDispatcher(loop, true)

  override fun isDispatchNeeded(context: CoroutineContext): Boolean =
      !invokeImmediately || !loop.inLoop()

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    try {
      loop.execute(block)
    } catch (stopped: RejectedExecutionException) {
      // The coroutine outlived its loop. As kotlinx's executor dispatchers do: cancel it, and
      // let it finish (its finally blocks, its joiners) on the IO dispatcher rather than never.
      context.cancel(loopStopped(stopped))
      Dispatchers.IO.dispatch(context, block)
    }
  }

  override fun scheduleResumeAfterDelay(
      timeMillis: Long,
      continuation: CancellableContinuation<Unit>,
  ) {
    try {
      val timer = loop.runAfter(Duration.ofMillis(timeMillis)) { continuation.resume(Unit) }
      continuation.invokeOnCancellation { timer.cancel() }
    } catch (stopped: RejectedExecutionException) {
      continuation.cancel(loopStopped(stopped))
    }
  }

  override fun invokeOnTimeout(
      timeMillis: Long,
      block: Runnable,
      context: CoroutineContext,
  ): DisposableHandle {
    try {
      val timer = loop.runAfter(Duration.ofMillis(timeMillis), block)
      return DisposableHandle { timer.cancel() }
    } catch (stopped: RejectedExecutionException) {
      context.cancel(loopStopped(stopped))
      return NonDisposableHandle
    }
  }

  private fun loopStopped(stopped: RejectedExecutionException) =
      CancellationException(
          "a coroutine on $this must not outlive its loop: the loop has stopped, so the" +
              " coroutine was cancelled; keep EventLoop.run(...) going until its coroutines end",
          stopped)

  override fun equals(other: Any?): Boolean =
      other is EventLoopDispatcher &&
          other.loop === loop &&
          other.invokeImmediately == invokeImmediately

  override fun hashCode(): Int =
      System.identityHashCode(loop) * 2 + if (invokeImmediately) 1 else 0

  override fun toString(): String =
      "EventLoopDispatcher($loop)" + if (invokeImmediately) ".immediate" else ""
}
