package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.sync.AsyncSemaphore;
import dev.spindle.sync.Channel;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * A suspended call cancelled just after its awaited receive was handed an item (the frame queued
 * to resume, the cancel on the same turn) keeps the item at its await, instead of throwing and
 * dropping it; with an ordinary task the await throws {@link CancellationException} as before.
 */
class HandoffCancelTest {
  private static final Resumer RESUMER = HandoffCancelTest::pass$resume;

  @Test
  void aCallCancelledAsItsReceiveGetsAnItemKeepsTheItem() {
    Channel<String> channel = Channel.unbounded();
    String value = EventLoop.run(() -> {
      Task<String> call = pass(channel.receive()); // suspends: the channel is empty
      channel.send("the item"); // hands it to the waiting receive, queues the frame
      assertTrue(call.cancel(), "the call has not ended yet");
      return call;
    });
    assertEquals("the item", value);
    assertEquals(null, channel.tryReceive(), "nothing left behind, nothing delivered twice");
  }

  @Test
  void aCallCancelledAsItsAcquireGetsThePermitKeepsThePermit() {
    AsyncSemaphore permits = new AsyncSemaphore(0);
    EventLoop.run(() -> {
      Task<Void> call = pass(permits.acquire());
      permits.release(); // handed to the waiting acquire
      call.cancel();
      return call;
    });
    assertEquals(0, permits.availablePermits(), "the call holds the permit, to release it");
  }

  @Test
  void aCallCancelledAsAnOrdinaryTaskFinishesStillThrowsCancellation() {
    Promise<String> promise = new Promise<>();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      Task<String> call = pass(promise.task());
      promise.complete("dropped, as ever");
      call.cancel();
      return call;
    }));
  }

  /**
   * What the agent makes of {@code @Async static <T> Task<T> pass(Task<T> task) { return
   * Task.completed(await(task)); }}, by hand (see {@link HandWrittenAdder}).
   */
  static <T> Task<T> pass(Task<T> task) {
    return pass(task, null);
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> pass(Task<T> task, AsyncFrame<T> frame) {
    try {
      if (frame == null) {
        if (!task.isDone()) {
          frame = AsyncFrame.create(RESUMER, 0, 0);
          return frame.suspend(1, task);
        }
      } else {
        task = (Task<T>) frame.awaited();
      }
      return AsyncFrame.exit(Task.completed(task.resultNow()), frame);
    } catch (Throwable error) {
      return AsyncFrame.failure(error, frame);
    }
  }

  @SuppressWarnings("unchecked")
  private static void pass$resume(AsyncFrame<?> frame) {
    pass(null, (AsyncFrame<Object>) frame);
  }
}
