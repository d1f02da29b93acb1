package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;

/** A well-formed class loaded beside {@link Refused}: a refusal there must not reach it. */
public final class Neighbour {
  private Neighbour() {}

  @Async
  public static Task<String> greet(Task<String> name) {
    String greeting = "hello, " + await(name);
    return Task.completed(greeting);
  }
}
