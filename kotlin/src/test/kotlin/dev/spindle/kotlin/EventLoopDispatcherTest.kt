package dev.spindle.kotlin

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(10)
class EventLoopDispatcherTest {
  @Test
  fun `coroutines on the dispatcher run on the loop thread and come back to it`() {
    LoopThread().use { loopThread ->
      val threads = runBlocking(loopThread.dispatcher) {
        val before = Thread.currentThread()
        val elsewhere = withContext(Dispatchers.Default) { Thread.currentThread() }
        listOf(before, elsewhere, Thread.currentThread())
      }
      assertSame(loopThread.thread, threads[0])
      assertNotEquals(loopThread.thread, threads[1])
      assertSame(loopThread.thread, threads[2])
    }
  }

  @Test
  fun `launch queues the new coroutine behind the running one`() {
    LoopThread().use { loopThread ->
      val order = runBlocking(loopThread.dispatcher) {
        val order = mutableListOf<String>()
        val child = launch { order += "child" }
        order += "parent"
        child.join()
        order
      }
      assertEquals(listOf("parent", "child"), order)
    }
  }

  @Test
  fun `immediate runs a coroutine at once when already on the loop thread`() {
    LoopThread().use { loopThread ->
      val order = runBlocking(loopThread.dispatcher) {
        val order = mutableListOf<String>()
        val child = launch(loopThread.dispatcher.immediate) { order += "child" }
        order += "parent"
        child.join()
        order
      }
      assertEquals(listOf("child", "parent"), order)
    }
  }

  @Test
  fun `immediate hands a coroutine started on another thread to the loop`() {
    LoopThread().use { loopThread ->
      val ranOn = runBlocking(loopThread.dispatcher.immediate) { Thread.currentThread() }
      assertSame(loopThread.thread, ranOn)
    }
  }

  @Test
  fun `many coroutines started from many threads all run on the loop thread`() {
    LoopThread().use { loopThread ->
      val threadsSeen = java.util.concurrent.ConcurrentHashMap.newKeySet<Thread>()
      runBlocking(Dispatchers.Default) {
        (1..1000)
            .map { launch(loopThread.dispatcher) { threadsSeen += Thread.currentThread() } }
            .joinAll()
      }
      assertEquals(setOf(loopThread.thread), threadsSeen)
    }
  }

  @Test
  fun `dispatchers of one loop are equal for the same flavour`() {
    LoopThread().use { loopThread ->
      val loop = loopThread.loop
      assertEquals(loop.asCoroutineDispatcher(), loop.asCoroutineDispatcher())
      assertEquals(loop.asCoroutineDispatcher().hashCode(), loop.asCoroutineDispatcher().hashCode())
      assertEquals(loop.asCoroutineDispatcher().immediate, loop.asCoroutineDispatcher().immediate)
      assertNotEquals(loop.asCoroutineDispatcher(), loop.asCoroutineDispatcher().immediate)
      val immediate = loop.asCoroutineDispatcher().immediate
      assertSame(immediate, immediate.immediate)
      LoopThread().use { other -> assertNotEquals(loop.asCoroutineDispatcher(), other.dispatcher) }
    }
  }

  @Test
  fun `a coroutine dispatched to a stopped loop is cancelled, saying why, and still finishes`() {
    val stopped = LoopThread().use { it.dispatcher }
    val (cancelled, cause) = runBlocking {
      var bodyRan = false
      val job = launch(stopped) { bodyRan = true }
      job.join()
      assertFalse(bodyRan, "the body of a coroutine cancelled before it started never runs")
      job.isCancelled to runCatching { job.ensureActive() }.exceptionOrNull()
    }
    assertTrue(cancelled)
    assertEquals(
        "a coroutine on $stopped must not outlive its loop: the loop has stopped, so the" +
            " coroutine was cancelled; keep EventLoop.run(...) going until its coroutines end",
        cause?.message)
  }
}
