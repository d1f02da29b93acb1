package dev.spindle.internal.frame;

import dev.spindle.Task;

/**
 * Two more hand-written rewrites (see {@link HandWrittenAdder}), for the deep-chain tests.
 */
final class HandWrittenChain {
  private static final Resumer PLUS_ONE = HandWrittenChain::plusOne$spindle$resume;
  private static final Resumer AFTER = HandWrittenChain::after$spindle$resume;

  private HandWrittenChain() {}

  /**
   * {@code @Async static Task<Integer> plusOne(Task<Integer> inner) {
   * return Task.completed(await(inner) + 1); }}
   */
  static Task<Integer> plusOne(Task<Integer> inner) {
    return plusOne(inner, null);
  }

  private static Task<Integer> plusOne(Task<Integer> inner, AsyncFrame<Integer> frame) {
    try {
      Task<?> awaited;
      if (frame == null) {
        awaited = inner;
        if (!awaited.isDone()) {
          frame = AsyncFrame.create(PLUS_ONE, 0, 0);
          return frame.suspend(1, awaited);
        }
      } else {
        awaited = frame.awaited();
      }
      Task<Integer> value = Task.completed((Integer) AsyncStackTrace.resultNow(awaited) + 1);
      return frame == null ? value : frame.complete(value);
    } catch (Throwable escaped) {
      return AsyncFrame.failure(escaped, frame);
    }
  }

  @SuppressWarnings("unchecked")
  private static void plusOne$spindle$resume(AsyncFrame<?> frame) {
    plusOne(null, (AsyncFrame<Integer>) frame);
  }

  /**
   * {@code @Async static Task<Integer> after(Task<Void> gate, Task<Integer> inner) {
   * await(gate); return inner; }}: returns a task that may not be finished yet.
   */
  static Task<Integer> after(Task<Void> gate, Task<Integer> inner) {
    return after(gate, inner, null);
  }

  @SuppressWarnings("unchecked")
  private static Task<Integer> after(Task<Void> gate, Task<Integer> inner,
      AsyncFrame<Integer> frame) {
    try {
      Task<?> awaited;
      if (frame == null) {
        awaited = gate;
        if (!awaited.isDone()) {
          frame = AsyncFrame.create(AFTER, 1, 0);
          frame.refs[0] = inner;
          return frame.suspend(1, awaited);
        }
      } else {
        inner = (Task<Integer>) frame.refs[0];
        awaited = frame.awaited();
      }
      AsyncStackTrace.resultNow(awaited); // await(gate) as a statement: the value is popped
      return frame == null ? inner : frame.complete(inner);
    } catch (Throwable escaped) {
      return AsyncFrame.failure(escaped, frame);
    }
  }

  @SuppressWarnings("unchecked")
  private static void after$spindle$resume(AsyncFrame<?> frame) {
    after(null, null, (AsyncFrame<Integer>) frame);
  }
}
