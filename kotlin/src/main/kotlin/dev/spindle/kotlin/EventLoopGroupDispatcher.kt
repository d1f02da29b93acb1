package dev.spindle.kotlin

import dev.spindle.EventLoop
import dev.spindle.EventLoopGroup
import java.time.Duration
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Delay
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.DisposableHandle
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.InternalCoroutinesApi
import kotlinx.coroutines.NonDisposableHandle
import kotlinx.coroutines.cancel

/**
 * Runs coroutines on the loops of a Spindle [EventLoopGroup], each coroutine on one loop for its
 * whole life: the loop it is started from when that is a loop of the group (a coroutine's
 * children stay beside it, as `@Async` calls do), otherwise the group's next loop, round robin.
 * A coroutine resumed from another thread (a task or a `CompletableDeferred` finished on another
 * loop, a channel fed from one) goes back to its own loop, so Kotlin handlers keep the same
 * rule as Java ones: nothing a coroutine owns is touched by two loops.
 *
 * ```
 * EventLoopGroup.start(4).use { group ->
 *   runBlocking { List(100) { launch(group.asCoroutineDispatcher()) { serve(it) } }.joinAll() }
 * }
 * ```
 */
fun EventLoopGroup.asCoroutineDispatcher(): EventLoopGroupDispatcher =
    EventLoopGroupDispatcher(this, null)

/**
 * The [CoroutineDispatcher] of an [EventLoopGroup]; see [EventLoopGroup.asCoroutineDispatcher].
 *
 * How a coroutine keeps its loop: the dispatcher is also a [CopyableThreadContextElement], so
 * kotlinx gives every new coroutine its own copy of it ([copyForChild]), and that copy remembers
 * the loop of the coroutine's first dispatch. `withContext` keeps the copy of the coroutine it
 * runs in. `delay` and `withTimeout` use the coroutine's loop's timers.
 */
// CopyableThreadContextElement is how kotlinx lets an element be per coroutine (it is marked
// delicate: its copies must be cheap and consistent, which these are, two fields); Delay as in
// EventLoopDispatcher.
@OptIn(InternalCoroutinesApi::class, DelicateCoroutinesApi::class, ExperimentalCoroutinesApi::class)
class EventLoopGroupDispatcher
internal constructor(
    /** The loops this dispatcher runs coroutines on. */
    val group: EventLoopGroup,
    /** `null` for the dispatcher users hold; a coroutine's own copy starts empty too. */
    pinned: EventLoop?,
) : CoroutineDispatcher(), Delay, CopyableThreadContextElement<Unit> {
  /** Any thread: the coroutine's loop, set once by its first dispatch. */
  private val loop = AtomicReference<EventLoop?>(pinned)

  /** The loop this coroutine runs on, chosen now if it has none yet. */
  private fun loop(): EventLoop {
    loop.get()?.let {
      return it
    }
    val current = EventLoop.currentOrNull()
    val chosen = if (current != null && group.indexOf(current) >= 0) current else group.next()
    return if (loop.compareAndSet(null, chosen)) chosen else loop.get()!!
  }

  override fun dispatch(context: CoroutineContext, block: Runnable) {
    val target = loop()
    try {
      target.execute(block)
    } catch (stopped: RejectedExecutionException) {
      // As EventLoopDispatcher: the coroutine outlived its loop; cancel it and let it finish
      // (its finally blocks, its joiners) on the IO dispatcher rather than never.
      context.cancel(loopStopped(target, stopped))
      Dispatchers.IO.dispatch(context, block)
    }
  }

  override fun scheduleResumeAfterDelay(
      timeMillis: Long,
      continuation: CancellableContinuation<Unit>,
  ) {
    val target = loop()
    try {
      val timer = target.runAfter(Duration.ofMillis(timeMillis)) { continuation.resume(Unit) }
      continuation.invokeOnCancellation { timer.cancel() }
    } catch (stopped: RejectedExecutionException) {
      continuation.cancel(loopStopped(target, stopped))
    }
  }

  override fun invokeOnTimeout(
      timeMillis: Long,
      block: Runnable,
      context: CoroutineContext,
  ): DisposableHandle {
    val target = loop()
    try {
      val timer = target.runAfter(Duration.ofMillis(timeMillis), block)
      return DisposableHandle { timer.cancel() }
    } catch (stopped: RejectedExecutionException) {
      context.cancel(loopStopped(target, stopped))
      return NonDisposableHandle
    }
  }

  /** A new coroutine gets its own copy, which picks its loop at its first dispatch. */
  override fun copyForChild(): CopyableThreadContextElement<Unit> =
      EventLoopGroupDispatcher(group, null)

  /**
   * A coroutine started with an explicit dispatcher: that one, or a fresh copy of it when it is
   * a group dispatcher (so two coroutines started with the same one still choose their loops).
   */
  override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext =
      if (overwritingElement is EventLoopGroupDispatcher) overwritingElement.copyForChild()
      else overwritingElement

  override fun updateThreadContext(context: CoroutineContext) {}

  override fun restoreThreadContext(context: CoroutineContext, oldState: Unit) {}

  private fun loopStopped(target: EventLoop, stopped: RejectedExecutionException) =
      CancellationException(
          "a coroutine on $target must not outlive its loop: the group has shut down, so the" +
              " coroutine was cancelled; shut the group down once its coroutines end",
          stopped)

  override fun toString(): String =
      "EventLoopGroupDispatcher($group" + (loop.get()?.let { ", on $it" } ?: "") + ")"
}
