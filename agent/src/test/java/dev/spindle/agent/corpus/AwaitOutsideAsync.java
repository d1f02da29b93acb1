package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Task;

/** No {@code @Async} anywhere, but an await the agent must report when the class loads. */
public final class AwaitOutsideAsync {
  private AwaitOutsideAsync() {}

  public static int forgotAsync(Task<Integer> task) {
    return await(task) + 1;
  }
}
