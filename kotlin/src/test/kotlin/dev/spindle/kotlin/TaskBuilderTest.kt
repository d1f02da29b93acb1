package dev.spindle.kotlin

import dev.spindle.EventLoop
import dev.spindle.Promise
import java.util.concurrent.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.future.await
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(10)
class TaskBuilderTest {
  /** Runs [block] as a coroutine on a new Spindle loop on this thread; returns its value. */
  private fun <T> onLoop(block: suspend CoroutineScope.() -> T): T = EventLoop.run {
    CoroutineScope(EventLoop.current().asCoroutineDispatcher()).task(block)
  }

  @Test
  fun `a coroutine's value completes its task`() {
    assertEquals(42, onLoop { Promise<Int>().also { it.complete(42) }.task().await() })
  }

  @Test
  fun `a coroutine's failure fails its task with the very exception`() {
    val failure = IllegalStateException("inventory is negative: -3")
    val thrown = assertThrows(IllegalStateException::class.java) { onLoop<Unit> { throw failure } }
    assertSame(failure, thrown)
  }

  @Test
  fun `cancelling the task cancels the coroutine and the task finishes after its finally`() {
    val observed = onLoop {
      var finallyRan = false
      val started = CompletableDeferred<Unit>()
      val victim = task {
        try {
          started.complete(Unit)
          awaitCancellation()
        } finally {
          finallyRan = true
        }
      }
      started.await()
      val cancelAccepted = victim.cancel()
      val doneRightAfterCancel = victim.isDone
      runCatching { victim.await() }
      listOf(cancelAccepted, doneRightAfterCancel, finallyRan, victim.isCancelled)
    }
    assertEquals(listOf(true, false, true, true), observed)
  }

  @Test
  fun `a task awaited through toCompletableFuture gives its value`() {
    val value = onLoop {
      val promise = Promise<String>()
      val waiting = async(start = CoroutineStart.UNDISPATCHED) {
        promise.task().toCompletableFuture().await()
      }
      promise.complete("through the future")
      waiting.await()
    }
    assertEquals("through the future", value)
  }

  @Test
  fun `a task awaited through toCompletableFuture throws its failure`() {
    val failure = java.io.IOException("broken pipe")
    val caught = onLoop {
      val promise = Promise<String>()
      val waiting = async(start = CoroutineStart.UNDISPATCHED) {
        runCatching { promise.task().toCompletableFuture().await() }.exceptionOrNull()
      }
      promise.fail(failure)
      waiting.await()
    }
    assertSameOrRecoveredCopy(failure, caught!!)
  }

  @Test
  fun `cancelling a coroutine awaiting toCompletableFuture cancels the task`() {
    val promise = Promise<String>()
    LoopThread().use { loopThread ->
      runBlocking(loopThread.dispatcher) {
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          promise.task().toCompletableFuture().await()
        }
        waiting.cancel()
        assertTrue(runCatching { waiting.await() }.exceptionOrNull() is CancellationException)
      }
    }
    assertTrue(promise.task().isCancelled)
  }

  @Test
  fun `a cancelled task cancels a coroutine awaiting it through toCompletableFuture`() {
    val caught = onLoop {
      val promise = Promise<String>()
      val waiting = async(start = CoroutineStart.UNDISPATCHED) {
        runCatching { promise.task().toCompletableFuture().await() }.exceptionOrNull()
      }
      promise.task().cancel()
      waiting.await()
    }
    assertInstanceOf(CancellationException::class.java, caught)
  }

  @Test
  fun `a task made from a job finishes when the job does`() {
    val job = Job()
    val finished = onLoop {
      val task = Coroutines.fromJob(job)
      assertFalse(task.isDone)
      job.complete()
      task.await()
      task.isDone && !task.isFailed
    }
    assertTrue(finished)
  }
}
