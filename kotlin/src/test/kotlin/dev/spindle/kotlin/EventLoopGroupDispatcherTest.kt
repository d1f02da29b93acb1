package dev.spindle.kotlin

import dev.spindle.EventLoop
import dev.spindle.EventLoopGroup
import dev.spindle.Task
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

@Timeout(30)
class EventLoopGroupDispatcherTest {
  @Test
  fun `each coroutine stays on the loop it started on, whoever resumes it`() {
    EventLoopGroup.start(4).use { group ->
      val dispatcher = group.asCoroutineDispatcher()
      val loopsUsed =
          runBlocking(Dispatchers.Default) {
            (0 until 100)
                .map { n ->
                  async(dispatcher) {
                    val own = EventLoop.current()
                    val other = group.loop((group.indexOf(own) + 1) % group.size())
                    repeat(20) { i ->
                      // Resumed from another loop's thread, three ways.
                      val deferred = CompletableDeferred<Int>()
                      other.execute { deferred.complete(i) }
                      assertEquals(i, deferred.await())
                      assertTrue(EventLoop.current() === own, "after CompletableDeferred")
                      assertEquals(n + i, group.submit { Task.completed(n + i) }.await())
                      assertTrue(EventLoop.current() === own, "after a task of the group")
                      withContext(Dispatchers.Default) { Thread.currentThread() }
                      assertTrue(EventLoop.current() === own, "after withContext elsewhere")
                    }
                    delay(1)
                    assertTrue(EventLoop.current() === own, "after delay")
                    own
                  }
                }
                .awaitAll()
                .toSet()
          }
      assertEquals(4, loopsUsed.size, "100 coroutines started off the group spread round robin")
    }
  }

  @Test
  fun `a coroutine's children start on its loop, and a channel from another loop brings none over`() {
    EventLoopGroup.start(2).use { group ->
      val dispatcher = group.asCoroutineDispatcher()
      val channel = Channel<Int>()
      val seen =
          runBlocking(dispatcher) {
            val own = EventLoop.current()
            val producer =
                launch(Dispatchers.Default) {
                  // a coroutine of its own on the group: the next loop, which may be another
                  launch(dispatcher) { repeat(50) { channel.send(it) } }
                }
            val children = List(10) { async { EventLoop.current() } }.awaitAll().toSet()
            val received = (0 until 50).map { channel.receive().also { check(EventLoop.current() === own) } }
            producer.join()
            Triple(own, children, received)
          }
      assertEquals(setOf(seen.first), seen.second)
      assertEquals((0 until 50).toList(), seen.third)
    }
  }
}
