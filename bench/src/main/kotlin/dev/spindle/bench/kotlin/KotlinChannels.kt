package dev.spindle.bench.kotlin

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * The Kotlin side of `ChannelBenchmark`: a producer coroutine sends [count] items through a
 * `Channel(capacity)` to a consumer that sums them, as a Kotlin user would write it. Items are
 * `i and 127`, boxed from the `Integer` cache, so that neither side pays for boxing.
 */
object KotlinChannels {
  /** Producer and consumer on `runBlocking`'s one thread (Kotlin's event loop). */
  @JvmStatic
  fun handOffOnOneThread(capacity: Int, count: Int): Long = runBlocking {
    val channel = Channel<Int>(capacity)
    launch {
      for (i in 0 until count) {
        channel.send(i and 127)
      }
      channel.close()
    }
    var sum = 0L
    for (item in channel) {
      sum += item
    }
    sum
  }

  /** The producer on [producer] (another thread), the consumer on `runBlocking`'s thread. */
  @JvmStatic
  fun handOffAcrossThreads(producer: CoroutineDispatcher, capacity: Int, count: Int): Long =
    runBlocking {
      val channel = Channel<Int>(capacity)
      launch(producer) {
        for (i in 0 until count) {
          channel.send(i and 127)
        }
        channel.close()
      }
      var sum = 0L
      for (item in channel) {
        sum += item
      }
      sum
    }
}
