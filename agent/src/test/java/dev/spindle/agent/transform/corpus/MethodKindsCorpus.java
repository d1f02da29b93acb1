package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Static, instance, private, generic, varargs and recursive methods; ways to return. */
public class MethodKindsCorpus {
  private final String name;

  public MethodKindsCorpus(String name) {
    this.name = name;
  }

  @Async
  public static Task<Long> recursiveSum(Source s, int n) {
    if (n == 0) {
      return Task.completed(0L);
    }
    long rest = await(recursiveSum(s, n - 1));
    return Task.completed(rest + await(s.of((long) n)));
  }

  @Async
  public Task<String> instanceMethod(Source s, String suffix) {
    String first = await(s.of(name));
    String second = await(privateHelper(s, suffix));
    return Task.completed(first + second + this.name.length());
  }

  @Async
  private Task<String> privateHelper(Source s, String suffix) {
    return Task.completed(await(s.of("-")) + suffix + name);
  }

  @Async
  public static <T extends Comparable<T>> Task<T> genericMax(Source s, T a, T b) {
    T left = await(s.of(a));
    T right = await(s.of(b));
    return Task.completed(left.compareTo(right) >= 0 ? left : right);
  }

  @Async
  public static Task<Integer> varargs(Source s, int... values) {
    int sum = 0;
    for (int value : values) {
      sum += await(s.of(value));
    }
    return Task.completed(sum + values.length * 1000);
  }

  @Async
  public static Task<String> returnsAnotherTask(Source s, boolean suspendFirst) {
    if (suspendFirst) {
      await(s.of(0));
    }
    return s.of("from another task");
  }

  @Async
  public static Task<String> returnsAFailedTask(Source s) {
    await(s.of(0));
    return Task.failed(new IllegalStateException("returned failure"));
  }

  @Async
  public static Task<String> returnsNull(Source s, boolean suspendFirst) {
    if (suspendFirst) {
      await(s.of(0));
    }
    return null;
  }

  @Async
  public static Task<String> awaitsCompletionStages(Source s) {
    String a = await(s.stage("stage"));
    int b = await(CompletableFuture.completedFuture(5));
    return Task.completed(a + b);
  }

  @Async
  public static Task<String> failedCompletionStageArrivesUnwrapped(Source s) {
    CompletableFuture<String> failed = new CompletableFuture<>();
    failed.completeExceptionally(new IllegalArgumentException("stage failed"));
    try {
      return Task.completed(await(failed.thenApply(value -> value + "!")));
    } catch (IllegalArgumentException e) {
      return Task.completed("caught " + e.getMessage());
    }
  }

  @Async
  public static Task<Integer> callsManyAsyncMethods(Source s) {
    List<Task<Long>> tasks = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      tasks.add(recursiveSum(s, i));
    }
    long total = 0;
    for (Task<Long> task : tasks) {
      total += await(task);
    }
    return Task.completed((int) total);
  }

  @Async
  public static Task<Void> voidTask(Source s, List<String> out) {
    out.add(await(s.of("ran")));
    return Task.completed();
  }

  @Async
  public static Task<Long> deepChain(Source s, int depth) {
    if (depth == 0) {
      return Task.completed(await(s.of(1L)));
    }
    return Task.completed(await(deepChain(s, depth - 1)) + 1);
  }

  @Async
  public static Task<Long> plusOne(Task<Long> previous) {
    return Task.completed(await(previous) + 1);
  }
}
