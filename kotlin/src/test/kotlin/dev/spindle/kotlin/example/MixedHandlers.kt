package dev.spindle.kotlin.example

import dev.spindle.io.AsyncTcpListener
import dev.spindle.io.AsyncTcpStream
import dev.spindle.kotlin.await
import java.nio.ByteBuffer
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch

/**
 * A greeting server whose connections are served alternately by a Java `@Async` method
 * ([JavaGreeter.greet]) and by a Kotlin coroutine ([greetInKotlin]), all on one Spindle event loop
 * thread: both say which thread they ran on, and it is the same one.
 *
 * Start it in a coroutine on the loop's dispatcher, from any thread:
 * ```kotlin
 * val listener = AsyncTcpListener.bind(InetSocketAddress("127.0.0.1", 7880))
 * val server = CoroutineScope(loop.asCoroutineDispatcher()).async { serveMixed(listener) }
 * ```
 * It accepts until the listener is closed, then waits for the handlers still running and returns
 * how many connections it accepted. As with any `coroutineScope`, a handler that fails (a client
 * that resets its connection, say) fails the whole server; a production server would catch that
 * per connection.
 */
suspend fun serveMixed(listener: AsyncTcpListener): Int = coroutineScope {
  val incoming = listener.incoming()
  var accepted = 0
  while (true) {
    val connection = incoming.next().await() ?: break // null: the listener was closed
    if (accepted++ % 2 == 0) {
      // The Java method runs on this thread up to its first await and returns its Task; awaiting
      // it in a child coroutine lets this scope wait for it and see its failure.
      launch { JavaGreeter.greet(connection).await() }
    } else {
      launch { greetInKotlin(connection) }
    }
  }
  accepted
}

/** The Kotlin handler: [JavaGreeter.greet]'s protocol, answering "from Kotlin". */
suspend fun greetInKotlin(connection: AsyncTcpStream) {
  try {
    val request = ByteBuffer.allocate(JavaGreeter.MAX_NAME_BYTES)
    do {
      val count = connection.read(request).await() // suspends the coroutine, not the thread
    } while (count > 0) // -1: the client ended its side; 0: the buffer is full
    val name = String(request.array(), 0, request.position(), Charsets.UTF_8).trim()
    val answer = "Hello, $name, from Kotlin on ${Thread.currentThread().name}\n"
    connection.write(ByteBuffer.wrap(answer.toByteArray(Charsets.UTF_8))).await()
    connection.flush().await()
  } finally {
    connection.close().await()
  }
}
