package dev.spindle.kotlin.example

import dev.spindle.io.AsyncTcpStream
import dev.spindle.kotlin.await
import java.io.ByteArrayOutputStream
import java.net.SocketAddress
import java.nio.ByteBuffer

/**
 * A Kotlin client of the greeting server ([serveMixed]): connects to [address], sends [name],
 * ends its side, and returns the whole answer. Every socket call is a Spindle task awaited
 * without blocking, so call it in a coroutine on a Spindle loop's dispatcher; that loop may be the
 * server's own.
 */
suspend fun askGreeting(address: SocketAddress, name: String): String {
  val connection = AsyncTcpStream.connect(address).await()
  try {
    connection.write(ByteBuffer.wrap(name.toByteArray(Charsets.UTF_8))).await()
    connection.shutdownOutput().await() // the server reads until our end of stream
    val answer = ByteArrayOutputStream()
    val buffer = ByteBuffer.allocate(256)
    while (connection.read(buffer.clear()).await() > 0) {
      answer.write(buffer.array(), 0, buffer.position())
    }
    return answer.toString(Charsets.UTF_8)
  } finally {
    connection.close().await()
  }
}
