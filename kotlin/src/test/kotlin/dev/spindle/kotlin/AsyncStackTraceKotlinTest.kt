package dev.spindle.kotlin

import dev.spindle.Promise
import dev.spindle.Task
import java.io.PrintWriter
import java.io.StringWriter
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.Timeout

/**
 * Async stack traces across the Kotlin boundary, with real Kotlin and a real rewritten `@Async`
 * Java method: the exception thrown at the bottom prints each level it passed once, innermost
 * first, at the line of its await, and stays the very object. (In kotlinx's debug mode, on in
 * these runs, the Kotlin side may catch a recovered copy whose cause is that object.)
 */
@Timeout(30)
class AsyncStackTraceKotlinTest {
  @Test
  fun `a Kotlin failure awaited by Java awaited by Kotlin prints every level at its await`() {
    val thrown = arrayOfNulls<Throwable>(1)
    val caught = LoopThread().use { loopThread ->
      runBlocking(loopThread.dispatcher) {
        val gate = Promise<Unit>()
        val waiting = async(start = CoroutineStart.UNDISPATCHED) {
          runCatching { outerLevel(gate.task(), thrown) }.exceptionOrNull() // MARK test-await
        }
        gate.complete(Unit)
        waiting.await()
      }
    }
    val original = thrown[0]!!
    assertSameOrRecoveredCopy(original, caught!!)
    val lines = printed(original)
    assertEquals(
        listOf(
            "java.lang.IllegalStateException: innermost failed",
            at("dev.spindle.kotlin.TraceLevelsKt.innermostLevel", "TraceLevels.kt", "kotlin-inner-throw"),
            BOUNDARY,
            at("dev.spindle.kotlin.JavaMiddleLevel.middle", "JavaMiddleLevel.java", "java-middle-await"),
            at("dev.spindle.kotlin.TraceLevelsKt.outerLevel", "TraceLevels.kt", "kotlin-outer-await")),
        lines.subList(0, 5))
    // The root: the test's own coroutine, a lambda whose class name the compiler chooses.
    val root = at(".invokeSuspend", "AsyncStackTraceKotlinTest.kt", "test-await").substring(4)
    assertEquals(6, lines.size, lines.joinToString("\n"))
    assertTrue(lines[5].startsWith("\tat $TEST\$") && lines[5].endsWith(root), lines[5])
  }

  @Test
  fun `a failed task awaited at once gets the awaiting Kotlin functions`() {
    val error = UnsupportedOperationException("no refunds")
    val caught = runBlocking { runCatching { awaitFailed(Task.failed(error)) }.exceptionOrNull() }
    assertSame(error, caught, "thrown in place, so no recovered copy")
    val lines = printed(error)
    val boundary = lines.indexOf(BOUNDARY)
    assertTrue(boundary > 0, lines.joinToString("\n"))
    assertEquals(
        at("dev.spindle.kotlin.TraceLevelsKt.awaitFailed", "TraceLevels.kt", "kotlin-await-failed"),
        lines[boundary + 1])
  }

  private companion object {
    const val TEST = "dev.spindle.kotlin.AsyncStackTraceKotlinTest"
    const val BOUNDARY = "\tat --- awaited by ---.(async stack trace)"

    fun printed(error: Throwable): List<String> {
      val text = StringWriter()
      error.printStackTrace(PrintWriter(text))
      return text.toString().lines().filter { it.isNotEmpty() }
    }

    fun at(method: String, file: String, marker: String): String {
      val source = Files.walk(Path.of("src/test")).use { paths ->
        paths.filter { it.fileName.toString() == file }.findFirst().orElseThrow()
      }
      val line = Files.readAllLines(source).indexOfFirst { it.endsWith("// MARK $marker") } + 1
      check(line > 0) { "no '// MARK $marker' in $source" }
      return "\tat $method($file:$line)"
    }
  }
}
