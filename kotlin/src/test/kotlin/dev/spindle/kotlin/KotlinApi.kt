package dev.spindle.kotlin

import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay

/** Kotlin `suspend` functions as a Kotlin library would publish them, called by the Java tests. */
object KotlinApi {
  /** Returns without suspending: the compiled function returns the value, not the marker. */
  @JvmStatic suspend fun fetchCached(id: Int): String = "user-$id"

  /** A user, and the thread the function that fetched it continued on after suspending. */
  data class Fetched(val user: String, val thread: Thread)

  /** Suspends on `delay`, then answers. */
  @JvmStatic
  suspend fun fetchSlowly(id: Int, millis: Long): Fetched {
    delay(millis)
    return Fetched("user-$id", Thread.currentThread())
  }

  /** Throws before suspending. */
  @JvmStatic suspend fun rejectNow(error: Throwable): String = throw error

  /** Throws after suspending on `delay`. */
  @JvmStatic
  suspend fun rejectLater(error: Throwable): String {
    delay(1)
    throw error
  }

  /** Suspends until cancelled; says so in [events] from its `finally`. */
  @JvmStatic
  suspend fun waitUntilCancelled(events: MutableList<String>): String {
    try {
      awaitCancellation()
    } finally {
      events += "kotlin finally on ${Thread.currentThread().name.substringBefore(" @")}"
    }
  }
}
