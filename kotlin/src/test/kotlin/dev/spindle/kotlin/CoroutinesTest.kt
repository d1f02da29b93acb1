package dev.spindle.kotlin

import dev.spindle.EventLoop
import dev.spindle.Promise
import dev.spindle.Task
import java.util.concurrent.CancellationException
import java.util.concurrent.CountDownLatch
import kotlin.concurrent.thread
import kotlin.coroutines.intrinsics.COROUTINE_SUSPENDED
import kotlin.coroutines.intrinsics.startCoroutineUninterceptedOrReturn
import kotlin.coroutines.resume
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.suspendCancellableCoroutine
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * [Coroutines] driven from Kotlin, without the agent: a call is written as Java writes it, a
 * function given the continuation explicitly (`startCoroutineUninterceptedOrReturn` is exactly
 * what Java's `c -> Api.fetch(42, c)` does).
 */
@Timeout(10)
class CoroutinesTest {
  private fun <T> call(function: suspend () -> T) =
      Coroutines.SuspendCall<T> { continuation ->
        function.startCoroutineUninterceptedOrReturn(continuation)
      }

  @Test
  fun `a call that returns without suspending has finished when suspend returns`() {
    val value = EventLoop.run {
      val task = Coroutines.suspend(call { "at once" })
      assertTrue(task.isDone, "the call did not suspend, so its task is done")
      task
    }
    assertEquals("at once", value)
  }

  @Test
  fun `a call that throws before suspending fails its task with the very exception`() {
    val failure = IllegalArgumentException("user id must be positive: -1")
    val thrown = assertThrows(IllegalArgumentException::class.java) {
      EventLoop.run<String> {
        val task = Coroutines.suspend(call<String> { throw failure })
        assertTrue(task.isFailed)
        task
      }
    }
    assertSame(failure, thrown)
  }

  @Test
  fun `a call resumed from another thread continues on the loop thread`() {
    val loopThread = Thread.currentThread()
    val parked = ParkedCall<String>()
    val (value, continuedOn) = EventLoop.run {
      val task = Coroutines.suspend(call { parked.park() to Thread.currentThread() })
      assertFalse(task.isDone, "the call is parked")
      parked.resumeFromAnotherThread("from the resumer")
      task
    }
    assertEquals("from the resumer", value)
    assertSame(loopThread, continuedOn)
  }

  @Test
  fun `a call that resumes its continuation directly from another thread finishes on the loop`() {
    val loopThread = Thread.currentThread()
    val registered = CountDownLatch(1)
    val finishedOn = EventLoop.run {
      // What a hand-written Java "suspend function" does: keep the continuation, return the
      // marker, resume later from a thread of its own.
      val task = Coroutines.suspend<String> { continuation ->
        thread(name = "raw resumer") {
          registered.await()
          continuation.resume("raw")
        }
        COROUTINE_SUSPENDED
      }
      val finishedOn = Promise<Thread>()
      task.whenDone { finishedOn.complete(Thread.currentThread()) }
      registered.countDown()
      finishedOn.task()
    }
    assertSame(loopThread, finishedOn, "the resumption was handed to the loop, not run inline")
  }

  @Test
  fun `a call that throws after suspending fails its task with the very exception`() {
    val failure = IllegalStateException("cart is locked")
    val parked = ParkedCall<Unit>()
    val thrown = assertThrows(IllegalStateException::class.java) {
      EventLoop.run<String> {
        val task = Coroutines.suspend(call<String> {
          parked.park()
          throw failure
        })
        parked.resumeFromAnotherThread(Unit)
        task
      }
    }
    assertSame(failure, thrown)
  }

  @Test
  fun `cancelling the task cancels the call and reports a cancellation`() {
    var finallyRan = false
    val observed = EventLoop.run {
      val task = Coroutines.suspend(call {
        try {
          awaitCancellation()
        } finally {
          finallyRan = true
        }
      })
      val cancelAccepted = task.cancel()
      CoroutineScope(EventLoop.current().asCoroutineDispatcher()).task {
        runCatching { task.await() }
        listOf(cancelAccepted, finallyRan, task.isCancelled)
      }
    }
    assertEquals(listOf(true, true, true), observed)
  }

  @Test
  fun `a CancellationException thrown by the call is a Spindle cancellation`() {
    val giveUp = CancellationException("the user closed the page")
    val task = EventLoop.run {
      val task = Coroutines.suspend(call<String> { throw giveUp })
      Task.completed(task)
    }
    assertTrue(task.isCancelled)
    assertSame(giveUp, task.failureNow())
  }

  @Test
  fun `a call outside any loop runs on the thread that resumes it`() {
    val parked = ParkedCall<Unit>()
    val task = Coroutines.suspend(call {
      parked.park()
      Thread.currentThread()
    })
    assertFalse(task.isDone, "the call is parked")
    val resumer = parked.resumeFromAnotherThread(Unit)
    assertSame(resumer, task.join())
  }

  @Test
  fun `a deferred completed on another thread completes its task`() {
    val deferred = CompletableDeferred<String>()
    val task = Coroutines.fromDeferred(deferred)
    assertFalse(task.isDone)
    thread(name = "completer") { deferred.complete("done elsewhere") }
    assertEquals("done elsewhere", task.join())
  }

  @Test
  fun `a failed deferred fails its task with the very exception`() {
    val failure = UnsupportedOperationException("no refunds on Sundays")
    val deferred = CompletableDeferred<String>()
    deferred.completeExceptionally(failure)
    assertSame(failure, Coroutines.fromDeferred(deferred).failureNow())
  }

  @Test
  fun `cancelling a deferred's task cancels the deferred`() {
    val deferred = CompletableDeferred<String>()
    val task = Coroutines.fromDeferred(deferred)
    assertTrue(task.cancel())
    assertTrue(deferred.isCancelled)
    assertTrue(task.isCancelled)
    assertInstanceOf(CancellationException::class.java, task.failureNow())
    assertFalse(task.cancel(), "a finished task cannot be cancelled again")
  }

  @Test
  fun `a cancelled job's task reports a cancellation`() {
    val job = Job()
    val task: Task<Void?> = Coroutines.fromJob(job)
    job.cancel()
    assertTrue(task.isCancelled)
  }

  /**
   * A suspension point resumed from another thread only once the call is known to be suspended
   * (its task is unfinished), so that the resumption really comes from that thread.
   */
  private class ParkedCall<T> {
    @Volatile private var continuation: CancellableContinuation<T>? = null

    suspend fun park(): T = suspendCancellableCoroutine { continuation = it }

    fun resumeFromAnotherThread(value: T): Thread =
        thread(name = "resumer") { continuation!!.resume(value) }
  }
}
