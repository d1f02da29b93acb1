package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EventLoopGroupTest {

  @Test
  void startsOneNamedThreadPerLoopAndHandsThemOutRoundRobin() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start(3)) {
      assertEquals(3, group.size());
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        names.add(onLoop(group.loop(i), () -> Thread.currentThread().getName()));
      }
      assertEquals(List.of("spindle-loop-0", "spindle-loop-1", "spindle-loop-2"), names);
      List<EventLoop> order = List.of(group.next(), group.next(), group.next(), group.next());
      assertEquals(List.of(group.loop(0), group.loop(1), group.loop(2), group.loop(0)), order);
      assertEquals(1, group.indexOf(group.loop(1)));
    }
  }

  @Test
  void startWithoutACountStartsOneLoopPerProcessor() {
    try (EventLoopGroup group = EventLoopGroup.start()) {
      assertEquals(Runtime.getRuntime().availableProcessors(), group.size());
    }
  }

  @Test
  void refusesFewerThanOneLoop() {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> EventLoopGroup.start(0));
    assertEquals("EventLoopGroup.start(loops) must be given at least 1 loop: 0; use"
        + " EventLoopGroup.start() for one per available processor", refused.getMessage());
  }

  @Test
  void submitRunsTheWorkOnTheNextLoopAndFinishesAsItsTask() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start(2)) {
      Task<String> first = group.submit(() -> Task.completed(Thread.currentThread().getName()));
      Task<String> second = group.submit(() -> Task.completed(Thread.currentThread().getName()));
      assertEquals("spindle-loop-0", first.join());
      assertEquals("spindle-loop-1", second.join());

      IllegalStateException failure = new IllegalStateException("boom");
      Task<Object> failing = group.submit(() -> {
        throw failure;
      });
      assertSame(failure, assertThrows(IllegalStateException.class, failing::join));
    }
  }

  @Test
  void submitToEachRunsTheWorkOnceOnEveryLoop() {
    try (EventLoopGroup group = EventLoopGroup.start(3)) {
      List<Task<String>> tasks =
          group.submitToEach(() -> Task.completed(Thread.currentThread().getName()));
      assertEquals(List.of("spindle-loop-0", "spindle-loop-1", "spindle-loop-2"),
          Task.all(tasks).join());
    }
  }

  @Test
  void shutdownWaitsForSubmittedTasksStillRunningThenStopsTheLoops() throws Exception {
    EventLoopGroup group = EventLoopGroup.start(2);
    Promise<String> inFlight = new Promise<>();
    Task<String> request = group.submit(inFlight::task);
    Task<Void> terminated = group.shutdown(Duration.ofSeconds(20));

    RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
        () -> group.submit(() -> Task.completed("late")));
    assertTrue(refused.getMessage().startsWith("EventLoopGroup.submit(work) must be called before"
        + " shutdown(): EventLoopGroup[2 loops, shutting down] is shutting down, so "),
        refused.getMessage());
    assertTrue(onLoop(group.loop(1), () -> group.loop(1).inLoop()), "the loops still run");
    assertFalse(terminated.isDone());

    inFlight.complete("answered");
    terminated.join();
    assertEquals("answered", request.join());
    assertFalse(group.loop(0).inLoop());
    assertThrows(RejectedExecutionException.class, () -> group.loop(0).execute(() -> { }));
    assertSame(terminated, group.shutdown());
    group.close(); // joins the threads, already ended
  }

  @Test
  void shutdownCancelsWhatIsStillRunningAtTheDeadline() {
    EventLoopGroup group = EventLoopGroup.start(2);
    Promise<String> never = new Promise<>();
    Task<String> stuck = group.submit(never::task);
    group.shutdown(Duration.ofMillis(50)).join();
    assertThrows(CancellationException.class, stuck::join);
    assertTrue(never.task().isCancelled(), "the work's own task is cancelled too");
    group.close();
  }

  @Test
  void closeRefusesOnALoopOfTheGroup() throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start(1)) {
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> rethrow(group.submit(() -> {
            group.close();
            return Task.completed();
          })));
      assertEquals("EventLoopGroup.close() must not be called on a loop of the group"
          + " (spindle-loop-0): it waits for every loop to end, this one included; await"
          + " group.shutdown() from outside the group instead", refused.getMessage());
    }
  }

  @Test
  void loopLocalGivesEachLoopItsOwnValue() throws Exception {
    LoopLocal<List<String>> perLoop = LoopLocal.withInitial(ArrayList::new);
    try (EventLoopGroup group = EventLoopGroup.start(2)) {
      List<String> first = onLoop(group.loop(0), () -> {
        perLoop.get().add("a");
        return perLoop.get();
      });
      List<String> second = onLoop(group.loop(1), perLoop::get);
      List<String> firstAgain = onLoop(group.loop(0), perLoop::get);
      assertSame(first, firstAgain);
      assertNotSame(first, second);
      assertEquals(List.of("a"), firstAgain);
      assertEquals(List.of(), second);
    }
    IllegalStateException refused = assertThrows(IllegalStateException.class, perLoop::get);
    assertEquals("LoopLocal.get() must be called on an event-loop thread; this is "
        + Thread.currentThread().getName() + ": each loop has its own value, so ask from code"
        + " that runs on the loop (an @Async method, EventLoop.execute)", refused.getMessage());
  }

  @Test
  void loopLocalRefusesANullInitialValue() throws Exception {
    LoopLocal<String> none = LoopLocal.withInitial(() -> null);
    try (EventLoopGroup group = EventLoopGroup.start(1)) {
      NullPointerException refused = assertThrows(NullPointerException.class,
          () -> rethrow(group.submit(() -> Task.completed(none.get()))));
      assertTrue(refused.getMessage().startsWith("LoopLocal.withInitial(initial): initial"
          + " returned null on EventLoop[spindle-loop-0]; a loop-local value must not be null"),
          refused.getMessage());
    }
  }

  private static <T> T onLoop(EventLoop loop, java.util.function.Supplier<T> step)
      throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(step.get());
      } catch (Throwable failure) {
        result.completeExceptionally(failure);
      }
    });
    return result.get(10, TimeUnit.SECONDS);
  }

  private static void rethrow(Task<?> task) {
    task.join();
  }
}
