package dev.spindle.kotlin

import dev.spindle.ManualClock
import dev.spindle.io.AsyncTcpListener
import dev.spindle.io.AsyncTcpStream
import dev.spindle.loop.LoopAccess
import java.net.InetAddress
import java.net.InetSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.SelectionKey
import java.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/** Kotlin coroutines and `@Async` Java methods sharing real sockets on 127.0.0.1. */
@Timeout(10)
class KotlinOverSocketsTest {
  private val loopback = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  @Test
  fun `a coroutine awaits a Java client and a Java server talking over a socket`() {
    LoopThread().use { loopThread ->
      val (heard, answer) = runBlocking(loopThread.dispatcher) {
        AsyncTcpListener.bind(loopback).use { listener ->
          val server = SocketTasks.echoOnce(listener)
          val answer = SocketTasks.ask(listener.localAddress(), "hello from kotlin").await()
          server.await() to answer
        }
      }
      assertEquals("hello from kotlin", heard)
      assertEquals("echo: hello from kotlin", answer)
    }
  }

  @Test
  fun `a Kotlin client writes and reads a socket served by a Java method`() {
    LoopThread().use { loopThread ->
      val answer = runBlocking(loopThread.dispatcher) {
        AsyncTcpListener.bind(loopback).use { listener ->
          val server = SocketTasks.echoOnce(listener)
          val stream = AsyncTcpStream.connect(listener.localAddress()).await()
          stream.write(ByteBuffer.wrap("ping".toByteArray())).await()
          stream.flush().await()
          val answer = StringBuilder()
          val buffer = ByteBuffer.allocate(64)
          while (stream.read(buffer.clear()).await() > 0) {
            answer.append(String(buffer.array(), 0, buffer.position()))
          }
          stream.close().await()
          assertEquals("ping", server.await())
          answer.toString()
        }
      }
      assertEquals("echo: ping", answer)
    }
  }

  @Test
  fun `withTimeout cancels a Java read, whose finally runs and whose interest is dropped`() {
    val clock = ManualClock()
    LoopThread(clock).use { loopThread ->
      runBlocking(loopThread.dispatcher) {
        AsyncTcpListener.bind(loopback).use { listener ->
          val accepting = listener.accept()
          val client = AsyncTcpStream.connect(listener.localAddress()).await()
          val connection = accepting.await()
          val events = mutableListOf<String>()

          val reading = SocketTasks.readOne(connection, events) // the client never writes
          assertEquals(1, readInterests(loopThread), "the read waits for readiness")
          val timingOut = async(start = CoroutineStart.UNDISPATCHED) {
            runCatching { withTimeout(1.hours) { reading.await() } }.exceptionOrNull()
          }
          clock.advance(Duration.ofHours(1))

          assertInstanceOf(TimeoutCancellationException::class.java, timingOut.await())
          runCatching { reading.await() } // the Java method finishes after its finally
          assertTrue(reading.isCancelled, "the Java method's task is cancelled")
          assertEquals(listOf("java finally"), events)
          assertEquals(0, readInterests(loopThread), "the cancelled read left its interest")
          client.close().await()
          connection.close().await()
        }
      }
    }
  }

  /** Selector keys of the loop that wait for reads (the runtime's internals, loop thread). */
  private fun readInterests(loopThread: LoopThread): Int =
      LoopAccess.get().reactor(loopThread.loop).keys().count {
        it.isValid && it.interestOps() and SelectionKey.OP_READ != 0
      }
}
