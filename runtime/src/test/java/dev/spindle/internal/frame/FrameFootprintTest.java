package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A suspended minimal {@code @Async} call (nothing live across its await) is one object of at
 * most 64 bytes: the frame, registered as the awaited task's only waiter without a list node,
 * and referring only to shared objects (its method's resumer, its loop). Measured as allocated
 * bytes on the loop thread; 48 with compressed references.
 */
class FrameFootprintTest {
  private static final int CALLS = 10_000;

  @Test
  @Timeout(20)
  void aSuspendedMinimalCallIsOneObjectOfAtMost64Bytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Resumer resumer = FrameFootprintTest::finish;
    long perCall = EventLoop.run(() -> {
      @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: made raw, used typed
      Promise<Void>[] promises = new Promise[CALLS];
      Task<?>[] suspended = new Task<?>[CALLS];
      for (int i = 0; i < CALLS; i++) {
        promises[i] = new Promise<>();
      }
      suspendAll(resumer, promises, suspended); // warm-up: class loading, first lookups
      for (int i = 0; i < CALLS; i++) {
        promises[i] = new Promise<>();
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      suspendAll(resumer, promises, suspended);
      long bytes = (threads.getCurrentThreadAllocatedBytes() - before) / CALLS;
      for (Promise<Void> promise : promises) {
        promise.complete(null);
      }
      return Task.completed(bytes);
    });
    assertTrue(perCall <= 64, perCall + " bytes per suspended minimal call");
  }

  /** The resumed method returns at once, as {@code return Task.completed();} would. */
  @SuppressWarnings("unchecked")
  private static void finish(AsyncFrame<?> frame) {
    ((AsyncFrame<Void>) frame).complete(Task.completed());
  }

  /** What the agent emits at the first await of an unfinished task, with nothing to spill. */
  private static void suspendAll(Resumer resumer, Promise<Void>[] promises, Task<?>[] suspended) {
    for (int i = 0; i < CALLS; i++) {
      AsyncFrame<Void> frame = AsyncFrame.create(resumer, 0, 0);
      suspended[i] = frame.suspend(1, promises[i].task());
    }
    assertEquals(false, suspended[CALLS - 1].isDone());
  }
}
