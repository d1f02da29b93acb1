package dev.spindle.kotlin

import dev.spindle.Task

// The Kotlin levels of a Kotlin -> Java -> Kotlin chain for async stack traces; the Java level is
// JavaMiddleLevel.middle. Each function works after its await, so none is a tail call (the Kotlin
// compiler gives a tail-calling suspend function no frame of its own, in any trace).

/** The outer level: awaits the Java method, then works on its value. */
suspend fun outerLevel(gate: Task<Unit>, thrown: Array<Throwable?>): String {
  val page = JavaMiddleLevel.middle(gate, thrown).await() // MARK kotlin-outer-await
  return page.uppercase()
}

/** The innermost level: waits for [gate], then throws (the exception is left in `thrown[0]`). */
suspend fun innermostLevel(gate: Task<Unit>, thrown: Array<Throwable?>): String {
  gate.await()
  throw IllegalStateException("innermost failed").also { thrown[0] = it } // MARK kotlin-inner-throw
}

/** Awaits a task that has already failed, and would work on its value. */
suspend fun awaitFailed(task: Task<String>): Int {
  val value = task.await() // MARK kotlin-await-failed
  return value.length
}
