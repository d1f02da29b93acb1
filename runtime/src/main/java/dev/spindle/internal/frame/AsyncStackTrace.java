package dev.spindle.internal.frame;

import dev.spindle.Task;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.List;

/**
 * Async stack traces: an exception that passes {@code await}s gets, after the frames where it was
 * thrown, one {@linkplain #BOUNDARY boundary} line and then each {@code @Async} method it passed,
 * innermost first, at the line of its {@code await}, as .NET prints an async call chain. The
 * exception stays the very object (type, message, cause, suppressed): only its stack trace is
 * rewritten, with {@link Throwable#setStackTrace}.
 *
 * <p>All of it runs on the failure path only. The success path of an await calls
 * {@link #resultNow}, which is {@link Task#resultNow()} inside a {@code try}: no cost until it
 * throws. Two points edit a trace:
 *
 * <ul>
 *   <li>{@link #resultNow}, at every await ({@code JOIN_k} of the contract): the failure gets the
 *       awaiting method's frame, read from the stack with a {@link StackWalker} (the call sits at
 *       the await's line).
 *   <li>{@link #leftMethod}, from {@link AsyncFrame#failure}: when a throwable first leaves an
 *       {@code @Async} method, its trace is cut below that method's frame. What lay below is the
 *       forwarder and the caller before a suspension, or the loop's own frames after one; the
 *       awaits then add the real callers. So each rewritten call appears once.
 * </ul>
 *
 * <p>Bounded: at most {@link #MAX_APPENDED} frames are appended to one exception (HotSpot's
 * default {@code MaxJavaStackTraceDepth}); the exception found full last is remembered, so a
 * chain of a million awaiting calls failing costs O(1) per call past the cap. Exceptions with an
 * empty trace (created with {@code writableStackTrace} false, or emptied on purpose) are left
 * alone. {@code -Dspindle.asyncStackTraces=false} turns everything off.
 */
public final class AsyncStackTrace {
  /** {@code -Dspindle.asyncStackTraces=false} turns async stack traces off; read once. */
  static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("spindle.asyncStackTraces", "true").trim());

  /** The most frames appended to one exception. */
  public static final int MAX_APPENDED = 1024;

  /**
   * The line between where the exception was thrown and the awaits it passed. A stack trace line
   * always prints as {@code at class.method(file)}; this one prints
   * {@code at --- awaited by ---.(async stack trace)}, as .NET's "--- End of stack trace from
   * previous location ---" and kotlinx's {@code _COROUTINE._BOUNDARY._}.
   */
  public static final StackTraceElement BOUNDARY =
      new StackTraceElement("--- awaited by ---", "", "async stack trace", -1);

  private static final String SELF = AsyncStackTrace.class.getName();
  private static final String FRAME = AsyncFrame.class.getName();
  private static final String LOOP = "dev.spindle.EventLoop"; // a name only: no edge to the loop
  private static final StackWalker WALKER = StackWalker.getInstance();

  /**
   * The exception last found with {@link #MAX_APPENDED} frames appended (weakly held), so the
   * next await it passes returns at once. Racy on purpose: a stale value only costs the full
   * check again.
   */
  private static volatile WeakReference<Throwable> lastFull = new WeakReference<>(null);

  private AsyncStackTrace() {}

  /** Whether async stack traces are on in this JVM. */
  public static boolean enabled() {
    return ENABLED;
  }

  /**
   * Generated code, at each await's own place ({@code JOIN_k}): the finished task's value, or its
   * failure thrown unwrapped with the awaiting method's frame appended to its stack trace.
   *
   * <p>Its bytecode is kept over C1's inlining limit (35 bytes) on purpose, by handling the
   * failure here rather than in a helper: C1 then calls this method instead of inlining it (and
   * {@code Task.resultNow()} with it) into every state machine, whose C1 frame, the stack a
   * recursion of rewritten calls takes per level, stays as small as before
   * ({@code RecursionDepthTest}). C2 inlines it at hot awaits, as it did {@code Task.resultNow()}.
   */
  public static Object resultNow(Task<?> task) {
    try {
      return task.resultNow();
    } catch (Throwable error) {
      if (ENABLED && error != lastFull.get()) {
        StackWalker.StackFrame method = caller();
        if (method != null) {
          appendAwait(error, method);
        }
      }
      throw AsyncStackTrace.<RuntimeException>sneaky(error);
    }
  }

  /**
   * Appends {@code frames} (innermost first) to {@code error}'s stack trace, after the boundary
   * line if it has none yet; for awaits outside generated code (the Kotlin module's
   * {@code Task.await()} appends the suspended Kotlin functions). Never throws.
   */
  public static void append(Throwable error, List<StackTraceElement> frames) {
    if (!ENABLED || frames.isEmpty() || error == lastFull.get()) {
      return;
    }
    try {
      appendTo(error, error.getStackTrace(), frames.toArray(new StackTraceElement[0]));
    } catch (Throwable ignored) {
      // Out of stack or memory while editing: the trace stays as it was, the failure goes on.
    }
  }

  /** The failure {@code error} left the {@code @Async} method that calls {@link AsyncFrame}. */
  static void leftMethod(Throwable error) {
    if (!ENABLED || error == lastFull.get()) {
      return;
    }
    try {
      StackTraceElement[] trace = error.getStackTrace();
      if (trace.length == 0 || boundaryIndex(trace) >= 0) {
        return; // nothing to cut, or cut when it left the first method and then passed an await
      }
      StackWalker.StackFrame method = caller();
      if (method != null) {
        cutBelow(error, trace, method.getClassName(), method.getMethodName());
      }
    } catch (Throwable ignored) {
      // As in append: the trace stays as it was.
    }
  }

  /** Appends {@code method} (at its await's line) to {@code error}; never throws. */
  private static void appendAwait(Throwable error, StackWalker.StackFrame method) {
    try {
      StackTraceElement[] trace = error.getStackTrace();
      if (trace.length > 0 && boundaryIndex(trace) < 0) {
        // First await: cut as leftMethod does (made in this method, or on the loop).
        trace = cutBelow(error, trace, method.getClassName(), method.getMethodName());
      }
      appendTo(error, trace, new StackTraceElement[] {method.toStackTraceElement()});
    } catch (Throwable ignored) {
      // As in append: the trace stays as it was.
    }
  }

  /**
   * The first frame on this thread's stack outside this class and AsyncFrame: the rewritten
   * method; null if the stack cannot be walked.
   */
  private static StackWalker.StackFrame caller() {
    try {
      return WALKER.walk(frames -> frames
          .filter(frame -> !frame.getClassName().equals(SELF)
              && !frame.getClassName().equals(FRAME))
          .findFirst().orElse(null));
    } catch (Throwable outOfStack) {
      return null; // out of stack or memory: the failure goes on with its trace as it was
    }
  }

  /** Appends {@code frames} to {@code error}, whose current trace is {@code trace}. */
  private static void appendTo(Throwable error, StackTraceElement[] trace,
      StackTraceElement[] frames) {
    if (trace.length == 0) {
      return; // not writable, or emptied on purpose: left alone
    }
    int boundary = boundaryIndex(trace);
    int room = MAX_APPENDED - (boundary < 0 ? 0 : trace.length - 1 - boundary);
    int count = Math.min(room, frames.length);
    if (count > 0) {
      int start = boundary < 0 ? trace.length + 1 : trace.length;
      StackTraceElement[] longer = Arrays.copyOf(trace, start + count);
      if (boundary < 0) {
        longer[trace.length] = BOUNDARY;
      }
      System.arraycopy(frames, 0, longer, start, count);
      error.setStackTrace(longer);
    }
    if (count == room) {
      lastFull = new WeakReference<>(error);
    }
  }

  /**
   * Where the boundary line is, or -1: it can only be within the last {@link #MAX_APPENDED} + 1
   * lines, so this looks no further.
   */
  private static int boundaryIndex(StackTraceElement[] trace) {
    for (int i = trace.length - 1, end = Math.max(0, i - MAX_APPENDED); i >= end; i--) {
      if (BOUNDARY.equals(trace[i])) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Keeps the trace down to the topmost frame of {@code className.methodName} (the method's state
   * machine, where the throwable left it), or above the topmost frame of the event loop itself,
   * whichever comes first. Below the method lie its forwarder and its caller or the loop; below
   * the loop's own frame (a failure made on the loop, such as a socket error) lie the loop's
   * turn and whoever started the loop: the same for every failure, and no part of the chain.
   * Returns the trace as it now is.
   */
  private static StackTraceElement[] cutBelow(Throwable error, StackTraceElement[] trace,
      String className, String methodName) {
    int end = trace.length;
    for (int i = 0; i < trace.length; i++) {
      String frameClass = trace[i].getClassName();
      if (frameClass.equals(className) && trace[i].getMethodName().equals(methodName)) {
        end = i + 1;
        break;
      }
      if (frameClass.equals(LOOP) && i > 0) {
        end = i;
        break;
      }
    }
    if (end == trace.length) {
      return trace;
    }
    StackTraceElement[] cut = Arrays.copyOf(trace, end);
    error.setStackTrace(cut);
    return cut;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable error) throws E {
    throw (E) error;
  }
}
