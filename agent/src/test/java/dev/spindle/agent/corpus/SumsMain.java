package dev.spindle.agent.corpus;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;

/** Runs {@link Sums#sum} suspended once, for the woven-class process test: prints the sum. */
public final class SumsMain {
  private SumsMain() {}

  public static void main(String[] arguments) {
    int sum = EventLoop.run(() -> {
      Promise<Integer> first = new Promise<>();
      Task<Integer> total = Sums.sum(first.task(), Task.completed(3));
      EventLoop.current().execute(() -> first.complete(2));
      return total;
    });
    System.out.println("sum " + sum);
  }
}
