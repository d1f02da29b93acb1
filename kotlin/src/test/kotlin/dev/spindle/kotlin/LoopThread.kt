package dev.spindle.kotlin

import dev.spindle.Clock
import dev.spindle.EventLoop
import dev.spindle.Promise
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/**
 * A Spindle event loop on a thread of its own, so that a test thread can drive coroutines on it
 * with `runBlocking(loop.dispatcher)`. Closing it ends the loop and joins the thread. Its timers
 * run on [clock] (a `ManualClock` in timer tests).
 */
class LoopThread(clock: Clock = Clock.system()) : AutoCloseable {
  private val stop = Promise<Void?>()
  private val started = CompletableFuture<EventLoop>()

  val thread: Thread =
      Thread(
          {
            EventLoop.builder().clock(clock).run<Void?> {
              started.complete(EventLoop.current())
              stop.task()
            }
          },
          "spindle-test-loop")

  val loop: EventLoop

  init {
    thread.isDaemon = true
    thread.start()
    loop = started.get(10, TimeUnit.SECONDS)
  }

  val dispatcher: EventLoopDispatcher
    get() = loop.asCoroutineDispatcher()

  override fun close() {
    loop.execute { stop.complete(null) }
    thread.join(10_000)
    check(!thread.isAlive) { "the test loop thread did not stop within 10 s" }
  }
}
