package dev.spindle.kotlin

import dev.spindle.Promise
import dev.spindle.Task
import java.io.IOException
import java.util.concurrent.CancellationException
import kotlin.concurrent.thread
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(10)
class TaskAwaitTest {
  private val nowhere = Continuation<Any?>(EmptyCoroutineContext) { error("never resumed") }

  @Test
  fun `a finished task gives its value without suspending`() {
    val awaitDone: suspend () -> String = { Task.completed("ready").await() }

    assertEquals("ready", awaitDone.startCoroutineUninterceptedOrReturn(nowhere))
  }

  @Test
  fun `a failed finished task throws the very exception without suspending`() {
    val failure = IOException("connection reset")
    val awaitFailed: suspend () -> Any? = { Task.failed<String>(failure).await() }

    val thrown = assertThrows(IOException::class.java) {
      awaitFailed.startCoroutineUninterceptedOrReturn(nowhere)
    }
    assertSame(failure, thrown)
  }

  @Test
  fun `an unfinished task suspends the coroutine`() {
    val awaitPending: suspend () -> String = { Promise<String>().task().await() }

    assertSame(COROUTINE_SUSPENDED, awaitPending.startCoroutineUninterceptedOrReturn(nowhere))
  }

  @Test
  fun `a task completed on another thread resumes the coroutine on the loop thread`() {
    LoopThread().use { loopThread ->
      val promise = Promise<String>()
      val (value, resumedOn) = runBlocking(loopThread.dispatcher) {
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          promise.task().await() to Thread.currentThread()
        }
        thread(name = "completer") { promise.complete("from another thread") }
        waiting.await()
      }
      assertEquals("from another thread", value)
      assertSame(loopThread.thread, resumedOn)
    }
  }

  @Test
  fun `a task failed on another thread throws its exception in the coroutine`() {
    LoopThread().use { loopThread ->
      val promise = Promise<String>()
      val failure = IOException("disk on fire")
      val caught = runBlocking(loopThread.dispatcher) {
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          runCatching { promise.task().await() }.exceptionOrNull()
        }
        thread(name = "failer") { promise.fail(failure) }
        waiting.await()
      }
      assertSameOrRecoveredCopy(failure, caught!!)
    }
  }

  @Test
  fun `cancelling the awaiting coroutine cancels the task`() {
    LoopThread().use { loopThread ->
      val promise = Promise<String>()
      runBlocking(loopThread.dispatcher) {
        val waiting = launch(start = CoroutineStart.UNDISPATCHED) { promise.task().await() }
        waiting.cancelAndJoin()
        assertTrue(waiting.isCancelled)
      }
      assertTrue(promise.task().isCancelled)
    }
  }

  @Test
  fun `a coroutine cancelled while awaiting ends at once and leaves no waiter on the task`() {
    LoopThread().use { loopThread ->
      val stubborn = StubbornTask()
      runBlocking(loopThread.dispatcher) {
        val waiting = launch(start = CoroutineStart.UNDISPATCHED) { stubborn.await() }
        waiting.cancelAndJoin()
      }
      assertEquals(1, stubborn.cancelCalls)
      assertTrue(!stubborn.isDone)
      assertNull(waitersOf(stubborn), "the cancelled coroutine's waiter is still registered")
    }
  }

  @Test
  fun `a cancelled task throws CancellationException at the await`() {
    LoopThread().use { loopThread ->
      val promise = Promise<String>()
      val caught = runBlocking(loopThread.dispatcher) {
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          runCatching { promise.task().await() }.exceptionOrNull()
        }
        promise.task().cancel()
        waiting.await()
      }
      assertInstanceOf(CancellationException::class.java, caught)
    }
  }

  /** Task's private waiter list: null when nobody waits. White-box, to see a waiter removed. */
  private fun waitersOf(task: Task<*>): Any? =
      Task::class.java.getDeclaredField("waiters").apply { isAccessible = true }.get(task)

  /** A task whose producer refuses cancellation, as an operation about to finish may. */
  private class StubbornTask : Task<String>() {
    @Volatile var cancelCalls = 0

    override fun cancel(): Boolean {
      cancelCalls++
      return false
    }
  }
}
