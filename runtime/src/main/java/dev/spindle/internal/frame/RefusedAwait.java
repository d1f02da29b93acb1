package dev.spindle.internal.frame;

import dev.spindle.Task;
import java.util.concurrent.CompletionStage;

/**
 * What an {@code await} becomes in a method the agent refused to rewrite (a lambda body, a method
 * without {@code @Async}): the agent points the call here with its load-time reason, so that the
 * exception says the agent ran and refused, and why, rather than "run with -javaagent", which
 * is the message of {@code dev.spindle.Await} when no agent ran at all. Never blocks instead (as
 * EA Async's fallback to {@code join()} did): a blocked loop is a worse surprise than a clear
 * exception.
 */
public final class RefusedAwait {
  private RefusedAwait() {}

  /** Generated code, in place of {@code Await.await(Task)} in a refused method. */
  public static Object await(Task<?> task, String reason) {
    throw refused(reason);
  }

  /** Generated code, in place of {@code Await.await(CompletionStage)} in a refused method. */
  public static Object await(CompletionStage<?> stage, String reason) {
    throw refused(reason);
  }

  private static IllegalStateException refused(String reason) {
    return new IllegalStateException("await() cannot suspend here: the Spindle agent refused to"
        + " rewrite this method when its class loaded: " + reason);
  }
}
