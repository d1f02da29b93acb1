package dev.spindle.kotlin

import dev.spindle.ManualClock
import dev.spindle.Task
import dev.spindle.loop.LoopAccess
import java.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * `delay` and `withTimeout` on the loop dispatcher run on the loop's own timers and clock. The
 * loops here use a [ManualClock]: an hour passes when the test says so, which kotlinx's default
 * timer thread (real time) could never match within the test's timeout.
 */
@Timeout(10)
class LoopTimersTest {
  private val clock = ManualClock()

  @Test
  fun `a cancelled delay removes its timer from the loop`() {
    LoopThread(clock).use { loopThread ->
      val (before, during, after) = runBlocking(loopThread.dispatcher) {
        val timers = LoopAccess.get().timers(loopThread.loop)
        val before = timers.size()
        val sleeping = launch(start = CoroutineStart.UNDISPATCHED) { delay(1.hours) }
        val during = timers.size()
        sleeping.cancelAndJoin()
        Triple(before, during, timers.size())
      }
      assertEquals(before + 1, during, "the delay is one timer of the loop")
      assertEquals(before, after, "the cancelled delay's timer is gone")
    }
  }

  @Test
  fun `delay ends when the loop's clock has moved and continues on the loop thread`() {
    LoopThread(clock).use { loopThread ->
      val wokeOn = runBlocking(loopThread.dispatcher) {
        val sleeping = async(start = CoroutineStart.UNDISPATCHED) {
          delay(1.hours)
          Thread.currentThread()
        }
        clock.advance(Duration.ofHours(1))
        sleeping.await()
      }
      assertSame(loopThread.thread, wokeOn)
    }
  }

  @Test
  fun `withTimeout fires on the loop's clock and cancels the awaited task on the loop thread`() {
    LoopThread(clock).use { loopThread ->
      val task = CancelRecordingTask()
      val failure = runBlocking(loopThread.dispatcher) {
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          runCatching { withTimeout(1.hours) { task.await() } }.exceptionOrNull()
        }
        clock.advance(Duration.ofHours(1))
        waiting.await()
      }
      assertInstanceOf(TimeoutCancellationException::class.java, failure)
      assertTrue(task.isCancelled)
      assertSame(loopThread.thread, task.cancelledOn, "the timeout fired on the loop thread")
    }
  }

  /** A task that notes the thread that cancelled it. */
  private class CancelRecordingTask : Task<String>() {
    @Volatile var cancelledOn: Thread? = null

    override fun cancel(): Boolean {
      cancelledOn = Thread.currentThread()
      return super.cancel()
    }
  }
}
