package dev.spindle.kotlin

import dev.spindle.internal.frame.AsyncStackTrace
import kotlin.coroutines.Continuation
import kotlin.coroutines.jvm.internal.CoroutineStackFrame

/**
 * Async stack traces across the Kotlin boundary (see `AsyncStackTrace` in the runtime): a task's
 * failure that a coroutine awaits gets the coroutine's suspended functions appended, innermost
 * first, each at the line where it waits, as an `@Async` Java method's await appends its own
 * frame. Failure path only; `-Dspindle.asyncStackTraces=false` turns it off.
 */
internal object CoroutineFrames {
  private const val CONTINUATION_IMPL = "kotlin.coroutines.jvm.internal.BaseContinuationImpl"
  /** The continuation of [Coroutines.suspend]'s own body: plumbing, not the user's code. */
  private const val SUSPEND_BODY = "dev.spindle.kotlin.Coroutines\$suspend\$"

  /**
   * Appends to [error] the functions suspended in the chain of [continuation] (the awaiting
   * function first, up to the coroutine's root), as the compiler's debug metadata names them.
   */
  fun append(error: Throwable, continuation: Continuation<*>) {
    if (!AsyncStackTrace.enabled()) {
      return
    }
    try {
      val frames = ArrayList<StackTraceElement>()
      var frame = continuation as? CoroutineStackFrame
      while (frame != null && frames.size < AsyncStackTrace.MAX_APPENDED) {
        val element = frame.getStackTraceElement()
        if (element != null && !element.className.startsWith(SUSPEND_BODY)) {
          frames += element
        }
        frame = frame.callerFrame
      }
      AsyncStackTrace.append(error, frames)
    } catch (ignored: Throwable) {
      // Out of stack or memory while reading the chain: the trace stays as it was.
    }
  }

  /**
   * [error] ended a coroutine started by [Coroutines.suspend]: cuts its trace below the resumed
   * function (the frames under `BaseContinuationImpl.resumeWith` are the dispatcher's and the
   * loop's, and the continuation stub that only calls that function), as a throwable leaving an
   * `@Async` method is cut below it. Left alone if it already passed an await.
   */
  fun leftCoroutine(error: Throwable) {
    if (!AsyncStackTrace.enabled()) {
      return
    }
    try {
      val trace = error.stackTrace
      if (trace.contains(AsyncStackTrace.BOUNDARY)) {
        return
      }
      var end = trace.indexOfFirst { it.className == CONTINUATION_IMPL && it.methodName == "resumeWith" }
      if (end > 1 && trace[end - 1].methodName == "invokeSuspend" && trace[end - 1].lineNumber < 0) {
        end-- // the stub of a suspend function's continuation, which has no line of its own
      }
      if (end > 0) {
        error.stackTrace = trace.copyOfRange(0, end)
      }
    } catch (ignored: Throwable) {
      // As in append.
    }
  }
}
