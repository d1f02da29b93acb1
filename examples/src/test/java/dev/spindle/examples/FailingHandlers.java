package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.examples.http.Request;
import java.util.Map;

/**
 * Handlers that fail in each way a handler can, for {@link FailingHandlerTest}: real
 * {@code @Async} methods, rewritten by the agent like any handler. Most fail after an
 * {@code await} that suspends, so the failure is thrown in a frame the event loop resumed.
 */
final class FailingHandlers {
  private FailingHandlers() {}

  /** Path to handler; each path names what its handler does. */
  static Map<String, Handler> byPath() {
    return Map.of(
        "/stack-overflow", FailingHandlers::stackOverflow,
        "/stack-overflow-after-await", FailingHandlers::stackOverflowAfterAwait,
        "/async-recursion", FailingHandlers::asyncRecursion,
        "/array-over-vm-limit", FailingHandlers::arrayOverVmLimit,
        "/array-over-heap", FailingHandlers::arrayOverHeap,
        "/throw-in-finally", FailingHandlers::throwInFinally,
        "/error-at-once", request -> {
          throw new AssertionError("thrown before the handler returned a task");
        },
        "/fine", request -> Task.completed("fine"));
  }

  @Async
  static Task<String> stackOverflow(Request request) {
    return Task.completed("depth " + recurse(0));
  }

  @Async
  static Task<String> stackOverflowAfterAwait(Request request) {
    await(EventLoop.yieldNow());
    return Task.completed("depth " + recurse(0));
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /** {@code @Async} calls nested until the stack runs out: each call runs at once (hot start). */
  @Async
  static Task<String> asyncRecursion(Request request) {
    await(EventLoop.yieldNow());
    return Task.completed("depth " + await(nested(0)));
  }

  @Async
  private static Task<Integer> nested(int depth) {
    return Task.completed(await(nested(depth + 1)) + 1);
  }

  /** {@code OutOfMemoryError: Requested array size exceeds VM limit}, without touching the heap. */
  @Async
  static Task<String> arrayOverVmLimit(Request request) {
    await(EventLoop.yieldNow());
    byte[] huge = new byte[Integer.MAX_VALUE];
    return Task.completed("allocated " + huge.length);
  }

  /**
   * {@code OutOfMemoryError: Java heap space}: one array larger than the whole heap, which the
   * JVM refuses after a collection without using the memory. Where the heap is too large for
   * any array, the array over the VM's limit stands in.
   */
  @Async
  static Task<String> arrayOverHeap(Request request) {
    await(EventLoop.yieldNow());
    long longs = Runtime.getRuntime().maxMemory() / Long.BYTES + 1;
    long[] huge = new long[(int) Math.min(longs, Integer.MAX_VALUE)];
    return Task.completed("allocated " + huge.length);
  }

  @Async
  @SuppressWarnings("finally") // the point: the finally block's exception replaces the result
  static Task<String> throwInFinally(Request request) {
    try {
      await(EventLoop.yieldNow());
      return Task.completed("never sent");
    } finally {
      throw new IllegalStateException("thrown from a finally block");
    }
  }
}
