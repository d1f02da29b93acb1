package dev.spindle.kotlin.example

private val coroutineSuffix = Regex(" @coroutine#\\d+")

/**
 * [answer] without the `" @coroutine#N"` that kotlinx's debug mode (on under `-ea`, as in these
 * tests) appends to a thread's name while a coroutine runs on it, so that an answer names the
 * loop thread the same way whether its handler was resumed inside a coroutine or by the loop.
 */
internal fun withoutCoroutineSuffix(answer: String): String = answer.replace(coroutineSuffix, "")
