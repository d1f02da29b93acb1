package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;

/** A class the agent must rewrite: two awaits and a sum live across them. */
public final class Sums {
  private Sums() {}

  @Async
  public static Task<Integer> sum(Task<Integer> first, Task<Integer> second) {
    int a = await(first);
    int b = await(second);
    return Task.completed(a + b);
  }
}
