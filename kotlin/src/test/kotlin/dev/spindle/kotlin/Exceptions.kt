package dev.spindle.kotlin

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame

/**
 * Asserts that [caught] is [original] as far as a Kotlin `catch` can tell: the same object, or
 * the copy that kotlinx's stack-trace recovery makes of it. In debug mode (on whenever assertions
 * are, so in every surefire run) a coroutine resumed with an exception through kotlinx's
 * machinery rethrows a copy with the same type and message, whose cause is the original, so that
 * the trace shows the coroutine's own frames too. Without debug mode the object is the same.
 */
fun assertSameOrRecoveredCopy(original: Throwable, caught: Throwable) {
  if (caught === original) {
    return
  }
  assertSame(original.javaClass, caught.javaClass, "type of the exception that crossed")
  assertEquals(original.message, caught.message, "message of the exception that crossed")
  assertSame(original, caught.cause, "a recovered copy has the original as its cause")
}
