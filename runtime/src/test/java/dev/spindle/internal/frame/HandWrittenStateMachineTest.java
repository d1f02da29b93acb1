package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The continuation contract, driven through {@link HandWrittenAdder}: exactly the calls the
 * agent's generated code makes, so the runtime is proven without the agent.
 */
class HandWrittenStateMachineTest {
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HandWrittenAdder adder = new HandWrittenAdder(log);

  @Test
  @Timeout(5)
  void aCallWhoseTasksAreFinishedReturnsItsValueWithoutCreatingAFrame() {
    Task<Integer> sum = adder.add(Task.completed(3), Task.completed(4));
    assertFalse(sum instanceof AsyncFrame, "a call that never suspends allocates no frame");
    assertEquals(14, sum.resultNow());
    assertEquals(List.of("sum=14 on " + Thread.currentThread().getName(), "finally"), log);
  }

  @Test
  @Timeout(5)
  void aSuspendedCallResumesOnTheLoopThreadWhenAnotherThreadCompletes() throws Exception {
    Promise<Integer> first = new Promise<>();
    Promise<Integer> second = new Promise<>();
    Object[] seen = new Object[4];
    int sum = EventLoop.run(() -> {
      Task<Integer> call = adder.add(first.task(), second.task());
      AsyncFrame<?> frame = (AsyncFrame<?>) call;
      seen[0] = frame.state;
      seen[1] = frame.refs.length + "," + frame.prims.length;
      Thread completer = new Thread(() -> {
        first.complete(5);
        second.complete(6);
      }, "completer");
      completer.start();
      seen[2] = call;
      return Steps.then(call, value -> {
        seen[3] = frame.state;
        return Task.completed(value);
      });
    });
    assertEquals(22, sum);
    assertEquals(1, seen[0], "suspended at the first await");
    assertEquals("3,2", seen[1], "spill arrays sized by the counts given to create");
    assertEquals(List.of("sum=22 on " + Thread.currentThread().getName(), "finally"), log,
        "the body resumed on the loop thread, not on the completer");
    assertTrue(seen[3].equals(1) || seen[3].equals(2), "one frame reused by both suspensions");
  }

  @Test
  @Timeout(5)
  void oneFrameServesEverySuspensionOfACall() {
    Promise<Integer> first = new Promise<>();
    Promise<Integer> second = new Promise<>();
    Object[] frames = new Object[2];
    EventLoop.run(() -> {
      Task<Integer> call = adder.add(first.task(), second.task());
      frames[0] = call;
      first.complete(1);
      return Steps.then(EventLoop.yieldNow(), turned -> {
        frames[1] = ((AsyncFrame<?>) call).state; // now suspended at the second await
        second.complete(2);
        return call;
      });
    });
    assertEquals(2, frames[1]);
    assertEquals(List.of("sum=6 on " + Thread.currentThread().getName(), "finally"), log);
  }

  @Test
  @Timeout(5)
  void aFailureOfTheAwaitedTaskReachesTheUsersCatchUnwrapped() {
    Promise<Integer> promise = new Promise<>();
    IllegalArgumentException failure = new IllegalArgumentException("bad input");
    String described = EventLoop.run(() -> {
      Task<String> call = HandWrittenAdder.describe(promise.task());
      assertInstanceOf(AsyncFrame.class, call);
      assertNull(((AsyncFrame<?>) call).refs, "nothing live: no spill arrays");
      promise.fail(failure);
      return call;
    });
    assertEquals("caught bad input", described);
  }

  @Test
  @Timeout(5)
  void aFailureNobodyCatchesFailsTheTaskWithTheVeryException() {
    Promise<Integer> first = new Promise<>();
    IllegalStateException failure = new IllegalStateException("broken");
    Task<Integer> call = EventLoop.run(() -> {
      Task<Integer> sum = adder.add(first.task(), Task.completed(1));
      first.fail(failure);
      return Steps.then(caught(sum), error -> Task.completed(sum));
    });
    assertSame(failure, call.failureNow());
    assertSame(failure, assertThrows(IllegalStateException.class, call::join));
    assertEquals(List.of("finally"), log, "the finally ran on the way out");
  }

  @Test
  @Timeout(5)
  void cancellingASuspendedCallThrowsAtItsAwaitRunsFinallyAndCancelsTheAwaitedTask() {
    Promise<Integer> first = new Promise<>();
    Task<Integer> call = EventLoop.run(() -> {
      Task<Integer> sum = adder.add(first.task(), Task.completed(1));
      assertTrue(sum.cancel());
      return Steps.then(caught(sum), error -> Task.completed(sum));
    });
    assertTrue(call.isCancelled());
    assertInstanceOf(CancellationException.class, call.failureNow());
    assertTrue(first.task().isCancelled(), "what it awaited is cancelled too");
    assertEquals(List.of("finally"), log);
  }

  @Test
  @Timeout(5)
  void aCancelFromAnotherThreadCancelsTheAwaitedTaskOnTheLoopAndThrowsAtTheAwait()
      throws Exception {
    Promise<Integer> first = new Promise<>();
    Task<Integer> call = EventLoop.run(() -> {
      Task<Integer> sum = adder.add(first.task(), Task.completed(1));
      Promise<Boolean> cancelled = new Promise<>();
      Thread canceller = new Thread(() -> cancelled.complete(sum.cancel()), "canceller");
      canceller.start();
      return Steps.then(cancelled.task(), answer -> {
        assertTrue(answer, "cancel() from another thread answers at once");
        return Steps.then(caught(sum), error -> Task.completed(sum));
      });
    });
    assertTrue(call.isCancelled());
    assertTrue(first.task().isCancelled(), "the loop cancelled what the call awaited");
    assertEquals(List.of("finally"), log);
  }

  @Test
  @Timeout(5)
  void aCancelFromAnotherThreadOfACallOutsideAnyLoopCancelsTheAwaitedTask() throws Exception {
    Promise<Integer> first = new Promise<>();
    Task<Integer> call = adder.add(first.task(), Task.completed(1)); // no loop: unconfined
    Thread canceller = new Thread(call::cancel, "canceller");
    canceller.start();
    canceller.join();
    assertTrue(first.task().isCancelled(), "cancelled at once, on the cancelling thread");
    assertInstanceOf(CancellationException.class,
        assertThrows(CancellationException.class, call::join));
    assertEquals(List.of("finally"), log);
  }

  @Test
  @Timeout(5)
  void aCancelThatLosesTheRaceStillThrowsAtTheAwait() {
    // The awaited task finished before the cancel, but the frame has not resumed yet.
    Promise<Integer> first = new Promise<>();
    Task<Integer> call = EventLoop.run(() -> {
      Task<Integer> sum = adder.add(first.task(), Task.completed(1));
      first.complete(1);
      assertTrue(sum.cancel());
      return Steps.then(caught(sum), error -> Task.completed(sum));
    });
    assertTrue(call.isCancelled());
    assertEquals(List.of("finally"), log);
  }

  @Test
  @Timeout(5)
  void aCallSuspendedOutsideAnyLoopResumesOnTheCompletingThread() throws Exception {
    Promise<Integer> first = new Promise<>();
    Task<Integer> call = adder.add(first.task(), Task.completed(10));
    Thread completer = new Thread(() -> first.complete(1), "completer");
    completer.start();
    assertEquals(22, call.join());
    assertEquals(List.of("sum=22 on completer", "finally"), log);
  }

  @Test
  @Timeout(5)
  void resumingNeverRunsTheMethodInsideSuspend() {
    // A task finished between isDone() and suspend() (always-suspend mode does this for every
    // await): the frame is queued, not run nested inside suspend().
    List<String> order = new ArrayList<>();
    EventLoop.run(() -> {
      AsyncFrame<Integer> frame = AsyncFrame.create(f -> order.add("resumed"), 0, 0);
      assertSame(frame, frame.suspend(1, Task.completed(1)));
      order.add("suspend returned");
      return Steps.then(EventLoop.yieldNow(), t -> Task.completed(null));
    });
    assertEquals(List.of("suspend returned", "resumed"), order);
  }

  @Test
  @Timeout(5)
  void completeWithAnUnfinishedTaskFinishesTheFrameWhenThatTaskDoes() {
    Promise<Integer> later = new Promise<>();
    Integer value = EventLoop.run(() -> {
      AsyncFrame<Integer> frame = AsyncFrame.create(f -> { }, 0, 0);
      assertSame(frame, frame.complete(later.task()));
      assertFalse(frame.isDone());
      later.complete(7);
      return frame;
    });
    assertEquals(7, value);
  }

  @Test
  @Timeout(5)
  void aNullReturnedInsteadOfATaskFailsWithAClearMessage() {
    AsyncFrame<Integer> frame = AsyncFrame.create(f -> { }, 0, 0);
    frame.complete(null);
    NullPointerException failure = (NullPointerException) frame.failureNow();
    assertNotNull(failure);
    assertEquals("an @Async method returned null instead of a Task: return"
        + " Task.completed(value) or Task.completed()", failure.getMessage());
  }

  private static Task<Throwable> caught(Task<?> task) {
    Promise<Throwable> failure = new Promise<>();
    task.whenDone(done -> failure.complete(done.failureNow()));
    return failure.task();
  }
}
