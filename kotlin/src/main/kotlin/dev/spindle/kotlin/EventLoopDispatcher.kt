package dev.spindle.kotlin

import dev.spindle.EventLoop
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher

/**
 * Runs coroutines on a Spindle [EventLoop] thread, beside `@Async` methods, as
 * `Executor.asCoroutineDispatcher()` runs them on an executor (an [EventLoop] is one) but without
 * the executor's fallbacks: nothing here ever runs on another thread.
 */
fun EventLoop.asCoroutineDispatcher(): EventLoopDispatcher = EventLoopDispatcher(this, false)

/**
 * The [CoroutineDispatcher] of one Spindle [EventLoop]. Like `Dispatchers.Main`: [dispatch] queues
 * the coroutine on the loop (from any thread), and [immediate] is the flavour that runs it at once
 * when the caller is already on the loop thread.
 *
 * Two dispatchers of the same loop and flavour are equal, so switching between them with
 * `withContext` costs no dispatch.
 */
class EventLoopDispatcher
internal constructor(
    /** The loop this dispatcher runs coroutines on. */
    val loop: EventLoop,
    private val invokeImmediately: Boolean,
) : CoroutineDispatcher() {

  /** The flavour that does not re-dispatch a coroutine already running on the loop thread. */
  val immediate: EventLoopDispatcher =
      if (invokeImmediately) this else EventLoopDispatcher(loop, true)

  override fun isDispatchNeeded(context: CoroutineContext): Boolean =
      !invokeImmediately || !loop.inLoop()

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    loop.execute(block)
  }

  override fun equals(other: Any?): Boolean =
      other is EventLoopDispatcher &&
          other.loop === loop &&
          other.invokeImmediately == invokeImmediately

  override fun hashCode(): Int = System.identityHashCode(loop) * 2 + if (invokeImmediately) 1 else 0

  override fun toString(): String = "EventLoopDispatcher($loop)" + if (invokeImmediately) ".immediate" else ""
}
