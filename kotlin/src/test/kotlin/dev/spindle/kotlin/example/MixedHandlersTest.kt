package dev.spindle.kotlin.example

import dev.spindle.io.AsyncTcpListener
import dev.spindle.kotlin.LoopThread
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.Socket
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * The mixed greeting server ([serveMixed]) on a loop thread of its own, spoken to by plain
 * blocking `java.net.Socket` clients from the test thread over 127.0.0.1.
 */
@Timeout(10)
class MixedHandlersTest {
  private val loopback = InetSocketAddress(InetAddress.getLoopbackAddress(), 0)

  @Test
  fun `connections alternate between the Java and the Kotlin handler, both on the loop thread`() {
    LoopThread().use { loopThread ->
      AsyncTcpListener.bind(loopback).use { listener ->
        val server = CoroutineScope(loopThread.dispatcher).async { serveMixed(listener) }
        val loop = loopThread.thread.name

        connect(listener).use { first -> // accepted first: the Java handler
          connect(listener).use { second -> // accepted second: the Kotlin handler
            // The Java handler waits for the first client's name while the Kotlin handler serves
            // the second client: neither holds the one thread while it waits.
            assertEquals("Hello, Grace, from Kotlin on $loop\n", exchange(second, "Grace"))
            assertEquals("Hello, Ada, from Java on $loop\n", exchange(first, "Ada"))
          }
        }
        connect(listener).use { third ->
          assertEquals("Hello, Linus, from Java on $loop\n", exchange(third, "Linus"))
        }
        connect(listener).use { fourth ->
          assertEquals("Hello, Barbara, from Kotlin on $loop\n", exchange(fourth, "Barbara"))
        }

        listener.close()
        assertEquals(4, runBlocking { server.await() }, "connections the server accepted")
      }
    }
  }

  private fun connect(listener: AsyncTcpListener): Socket =
      Socket().apply {
        soTimeout = 5_000 // a blocking read that JUnit's @Timeout could not interrupt
        connect(listener.localAddress(), 5_000)
      }

  /** Sends [name], ends our side, and reads the answer up to the server's close. */
  private fun exchange(socket: Socket, name: String): String {
    socket.getOutputStream().write(name.toByteArray(Charsets.UTF_8))
    socket.shutdownOutput()
    return withoutCoroutineSuffix(socket.getInputStream().readAllBytes().toString(Charsets.UTF_8))
  }
}
