package dev.spindle.kotlin.example

import dev.spindle.io.AsyncTcpListener
import dev.spindle.kotlin.LoopThread
import java.net.InetAddress
import java.net.InetSocketAddress
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The Kotlin client ([askGreeting]) and the mixed greeting server ([serveMixed]) as coroutines on
 * one Spindle loop thread, talking over real sockets on 127.0.0.1.
 */
@Timeout(10)
class GreetingClientTest {
  private val loopback = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  @Test
  fun `a Kotlin client is greeted in turn by the Java and the Kotlin handler of its own loop`() {
    LoopThread().use { loopThread ->
      val loop = loopThread.thread.name
      val (answers, accepted) = runBlocking(loopThread.dispatcher) {
        assertSame(loopThread.thread, Thread.currentThread(), "the client runs on the loop")
        AsyncTcpListener.bind(loopback).use { listener ->
          val server = async { serveMixed(listener) }
          val answers =
              listOf("Ada", "Grace", "Linus", "Barbara").map { name ->
                withoutCoroutineSuffix(askGreeting(listener.localAddress(), name))
              }
          listener.close()
          answers to server.await()
        }
      }
      assertEquals(
          listOf(
              "Hello, Ada, from Java on $loop\n",
              "Hello, Grace, from Kotlin on $loop\n",
              "Hello, Linus, from Java on $loop\n",
              "Hello, Barbara, from Kotlin on $loop\n",
          ),
          answers)
      assertEquals(4, accepted, "connections the server accepted")
    }
  }

  @Test
  fun `twenty clients at once are answered by both handlers, all on the one loop thread`() {
    LoopThread().use { loopThread ->
      val loop = loopThread.thread.name
      val names = (1..20).map { "client-$it" }
      val (answers, accepted) = runBlocking(loopThread.dispatcher) {
        AsyncTcpListener.bind(loopback).use { listener ->
          val server = async { serveMixed(listener) }
          val answers =
              names
                  .map { name -> async { askGreeting(listener.localAddress(), name) } }
                  .awaitAll()
                  .map(::withoutCoroutineSuffix)
          listener.close()
          answers to server.await()
        }
      }
      // Which handler a client meets depends on the order the kernel queued the connections;
      // what is fixed: every client got its own greeting, and each handler served half of them.
      val handlerOf =
          names.zip(answers).associate { (name, answer) ->
            val handler = Regex("Hello, $name, from (Java|Kotlin) on \\Q$loop\\E\n")
            name to (handler.matchEntire(answer)?.groupValues?.get(1) ?: "unexpected: $answer")
          }
      assertEquals(
          mapOf("Java" to 10, "Kotlin" to 10), handlerOf.values.groupingBy { it }.eachCount())
      assertEquals(20, accepted, "connections the server accepted")
    }
  }
}
