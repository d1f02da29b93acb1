package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import java.util.List;

/**
 * {@code await(EventLoop.yieldNow())}, which the rewriter compiles without a task, beside the same
 * yield through a task held in a local, which it leaves as written.
 */
public final class YieldCorpus {
  private YieldCorpus() {}

  /** Logs {@code name + i} and yields, {@code n} times: the task-free form. */
  @Async
  public static Task<Integer> yieldTimes(int n, List<String> log, String name) {
    for (int i = 0; i < n; i++) {
      log.add(name + i);
      await(EventLoop.yieldNow());
    }
    return Task.completed(n);
  }

  /** The same through a task in a local: not adjacent to the await, so a real yield task. */
  @Async
  public static Task<Integer> yieldThroughTask(int n, List<String> log, String name) {
    for (int i = 0; i < n; i++) {
      log.add(name + i);
      Task<Void> turn = EventLoop.yieldNow();
      await(turn);
    }
    return Task.completed(n);
  }

  /** Yields inside try/finally, so a cancellation shows whether the finally ran. */
  @Async
  public static Task<String> yieldInTry(List<String> log) {
    try {
      await(EventLoop.yieldNow());
      log.add("after the yield");
      return Task.completed("resumed");
    } finally {
      log.add("finally");
    }
  }

  /** Yields until {@code until} has finished, at most {@code limit} times; returns the count. */
  @Async
  public static Task<Integer> yieldUntil(Task<?> until, int limit) {
    int yields = 0;
    while (!until.isDone() && yields < limit) {
      await(EventLoop.yieldNow());
      yields++;
    }
    return Task.completed(yields);
  }

  /** {@link #yieldUntil} through a task in a local: a real yield task per turn. */
  @Async
  public static Task<Integer> yieldThroughTaskUntil(Task<?> until, int limit) {
    int yields = 0;
    while (!until.isDone() && yields < limit) {
      Task<Void> turn = EventLoop.yieldNow();
      await(turn);
      yields++;
    }
    return Task.completed(yields);
  }

  /** Waits for {@code gate}, then yields once: a frame created outside any loop yields too. */
  @Async
  public static Task<Integer> yieldAfter(Task<Integer> gate) {
    int value = await(gate);
    await(EventLoop.yieldNow());
    return Task.completed(value + 1);
  }
}
