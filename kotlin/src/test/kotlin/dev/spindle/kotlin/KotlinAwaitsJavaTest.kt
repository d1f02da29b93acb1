package dev.spindle.kotlin

import dev.spindle.Promise
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** Kotlin coroutines on a Spindle loop awaiting `@Async` Java methods rewritten by the agent. */
@Timeout(30)
class KotlinAwaitsJavaTest {
  @Test
  fun `a Kotlin coroutine and a Java method alternate 100,000 times on the loop thread`() {
    val rounds = 100_000
    LoopThread().use { loopThread ->
      val pingPong = PingPong()
      val kotlinThreads = HashSet<Thread>()
      val (javaReturned, kotlinSum) = runBlocking(loopThread.dispatcher) {
        val javaPlayer = pingPong.javaPlayer()
        var sum = 0L
        for (ball in 0 until rounds) {
          val reply = pingPong.toKotlin
          pingPong.toJava.complete(ball)
          sum += reply.task().await()
          kotlinThreads += Thread.currentThread()
        }
        pingPong.toJava.complete(-1)
        javaPlayer.await() to sum
      }
      assertEquals(rounds, javaReturned, "balls the Java method returned")
      assertEquals(rounds.toLong() * (rounds + 1) / 2, kotlinSum, "sum of the balls Kotlin got")
      assertEquals(setOf(loopThread.thread), pingPong.javaThreads)
      assertEquals(setOf(loopThread.thread), kotlinThreads)
    }
  }

  @Test
  fun `a Java exception thrown before suspending reaches Kotlin as the same object`() {
    val error = IllegalArgumentException("order id must be positive: -5")
    val caught = LoopThread().use { loopThread ->
      runBlocking(loopThread.dispatcher) {
        runCatching { JavaFailures.failAtOnce(error).await() }.exceptionOrNull()
      }
    }
    assertSame(error, caught)
  }

  @Test
  fun `a Java exception thrown after suspending reaches Kotlin with its type and message`() {
    val error = UnsupportedOperationException("refunds are closed on Sundays")
    val caught = LoopThread().use { loopThread ->
      runBlocking(loopThread.dispatcher) {
        val gate = Promise<Unit>()
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          runCatching { JavaFailures.failAfter(gate.task(), error).await() }.exceptionOrNull()
        }
        gate.complete(Unit)
        waiting.await()
      }
    }
    assertSameOrRecoveredCopy(error, caught!!)
  }
}
