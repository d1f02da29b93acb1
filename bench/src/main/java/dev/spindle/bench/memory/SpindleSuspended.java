package dev.spindle.bench.memory;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;

/**
 * The Spindle contender of the memory harness: N calls of {@link #waitFor}, each suspended in
 * {@code await} on its own {@link Promise}, held on one event loop.
 */
final class SpindleSuspended {
  private SpindleSuspended() {}

  static long holdSuspended(int count, Runnable whileSuspended) {
    return EventLoop.run(() -> holdAll(count, whileSuspended));
  }

  @Async
  private static Task<Long> holdAll(int count, Runnable whileSuspended) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Promise<Integer>[] promises = new Promise[count];
    @SuppressWarnings({"unchecked", "rawtypes"})
    Task<Integer>[] tasks = new Task[count];
    for (int i = 0; i < count; i++) {
      promises[i] = new Promise<>();
      tasks[i] = waitFor(promises[i].task());
    }
    whileSuspended.run();
    for (Promise<Integer> promise : promises) {
      promise.complete(1);
    }
    long sum = 0;
    for (Task<Integer> task : tasks) {
      sum += await(task);
    }
    return Task.completed(sum);
  }

  @Async
  private static Task<Integer> waitFor(Task<Integer> value) {
    return Task.completed(await(value));
  }
}
