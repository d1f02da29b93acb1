package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** An async lambda and an @Async method returning a future, for the weaver and the agent alike. */
public final class LambdaSums {
  private LambdaSums() {}

  /** Adds {@code offset} to each value through an async lambda capturing it. */
  public static Function<Task<Integer>, Task<Integer>> adder(int offset) {
    return task -> Task.completed(await(task) + offset);
  }

  @Async
  public static CompletableFuture<Integer> twice(Task<Integer> value) {
    int v = await(value);
    return CompletableFuture.completedFuture(v * 2);
  }
}
