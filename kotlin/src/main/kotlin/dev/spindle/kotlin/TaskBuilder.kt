package dev.spindle.kotlin

import dev.spindle.Task
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async

/**
 * Starts [block] as a child coroutine of this scope, as [async] does, and returns its outcome as a
 * Spindle [Task] that `@Async` Java code can await. Cancelling the task cancels the coroutine; a
 * failure of the coroutine fails the task with the very exception (and, as with [async], cancels
 * the parent scope).
 */
fun <T> CoroutineScope.task(block: suspend CoroutineScope.() -> T): Task<T> =
    Coroutines.fromDeferred(async(block = block))
