package dev.spindle;

import java.util.concurrent.CompletionStage;

/**
 * The {@code await} operator, for use inside {@link Async @Async} methods.
 *
 * <p>{@code await(task)} reads like {@link java.util.concurrent.Future#get()} but never blocks a
 * thread: inside an {@code @Async} method rewritten by the agent, an unfinished task suspends the
 * method, and a finished one yields its value at about the cost of a plain call. A failed task
 * throws the very exception that failed it, never wrapped in {@code ExecutionException} or
 * {@code CompletionException}.
 *
 * <p>The agent replaces every call to these methods inside an {@code @Async} method. A call that
 * reaches this class therefore means the agent did not run, or the caller is not {@code @Async};
 * it throws {@link IllegalStateException} saying which fix applies.
 */
public final class Await {
  private Await() {}

  /** Waits for {@code task} without blocking and returns its value; rewritten by the agent. */
  public static <T> T await(Task<T> task) {
    throw notRewritten();
  }

  /** Waits for {@code stage} without blocking and returns its value; rewritten by the agent. */
  public static <T> T await(CompletionStage<T> stage) {
    throw notRewritten();
  }

  private static IllegalStateException notRewritten() {
    StackTraceElement caller = callerOfAwait();
    String where = caller == null ? "a method" : caller.getClassName() + "." + caller.getMethodName()
        + "(" + caller.getFileName() + ":" + caller.getLineNumber() + ")";
    return new IllegalStateException("await() called in " + where + ", which was not rewritten by"
        + " the Spindle agent: mark the method @Async and run with -javaagent:spindle-agent.jar"
        + " (or SpindleAgent.install()), or block with Task.join() outside the event loop");
  }

  private static StackTraceElement callerOfAwait() {
    StackTraceElement[] stack = new Throwable().getStackTrace();
    for (StackTraceElement element : stack) {
      if (!element.getClassName().equals(Await.class.getName())) {
        return element;
      }
    }
    return null;
  }
}
