package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code @Async} methods declared to return {@code CompletableFuture} or {@code CompletionStage}
 * (code moving from EA Async or from future chains), and callers of them.
 */
public class FutureMethodsCorpus {
  private final int base;

  public FutureMethodsCorpus(int base) {
    this.base = base;
  }

  @Async
  public static CompletableFuture<Integer> sum(Source s) {
    int a = await(s.of(1));
    int b = await(s.of(2));
    return CompletableFuture.completedFuture(a + b);
  }

  @Async
  public static CompletionStage<String> stage(Source s, boolean early) {
    if (early) {
      return CompletableFuture.completedFuture("early");
    }
    String value = await(s.stage("staged"));
    return CompletableFuture.completedFuture(value + "!");
  }

  @Async
  public CompletableFuture<Integer> instance(Source s) {
    return CompletableFuture.completedFuture(base + await(s.of(5)));
  }

  /** Throws the given exception after an await (or before it, when {@code early}). */
  @Async
  public static CompletableFuture<Integer> throwsAfterAwait(Source s, RuntimeException error,
      boolean early) {
    if (early) {
      throw error;
    }
    await(s.of(0));
    throw error;
  }

  /** Returns a future that failed with the given exception. */
  @Async
  public static CompletableFuture<Integer> returnsAFailedFuture(Source s,
      RuntimeException error) {
    await(s.of(0));
    return CompletableFuture.failedFuture(error);
  }

  /** Waits on {@code never} until cancelled; logs what its catch and finally blocks see. */
  @Async
  public static CompletableFuture<String> waitsUntilCancelled(Source s, Task<String> never,
      List<String> log) {
    try {
      log.add("started " + await(s.of("x")));
      return CompletableFuture.completedFuture(await(never));
    } catch (CancellationException e) {
      log.add("cancelled");
      throw e;
    } finally {
      log.add("finally");
    }
  }

  /** Cancels the future of {@link #waitsUntilCancelled} while it waits, on the loop. */
  @Async
  public static Task<String> cancelsThroughTheFuture(Source s, Task<String> never,
      List<String> log) {
    CompletableFuture<String> future = waitsUntilCancelled(s, never, log);
    while (log.isEmpty()) {
      await(EventLoop.yieldNow());
    }
    boolean cancelled = future.cancel(true);
    while (!log.contains("finally")) {
      await(EventLoop.yieldNow());
    }
    return Task.completed(cancelled + " " + future.isCancelled() + " " + never.isCancelled());
  }

  /** An @Async Task method of the same class awaiting one: no direct call to the state machine. */
  @Async
  public static Task<Integer> awaitsOwnFuture(Source s) {
    CompletableFuture<Integer> future = sum(s);
    return Task.completed(await(future) + await(sum(s)));
  }
}
