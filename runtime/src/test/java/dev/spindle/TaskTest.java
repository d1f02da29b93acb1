package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.task.TaskState;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TaskTest {
  @Test
  @Timeout(5)
  void joinOnALoopThreadIsRefusedWithItsRule() {
    IllegalStateException refused = EventLoop.run(() -> {
      try {
        new Promise<String>().task().join();
        return Task.completed(null);
      } catch (IllegalStateException e) {
        return Task.completed(e);
      }
    });
    assertEquals(joinRefusal(Thread.currentThread()), refused.getMessage());
  }

  @Test
  @Timeout(5)
  void joinOnALoopThreadIsRefusedAlsoForAFinishedTask() {
    Object[] outcomes = EventLoop.run(() -> Task.completed(new Object[] {
        refusalOf(Task.completed("x")), refusalOf(Task.failed(new RuntimeException("failed")))}));
    assertEquals(joinRefusal(Thread.currentThread()), outcomes[0]);
    assertEquals(joinRefusal(Thread.currentThread()), outcomes[1]);
  }

  private static String refusalOf(Task<?> task) {
    try {
      task.join();
      return "joined";
    } catch (IllegalStateException e) {
      task.failureNow(); // observed here: the failed one is not left to the cleaner
      return e.getMessage();
    }
  }

  private static String joinRefusal(Thread thread) {
    return "Task.join() must not be called on an event-loop thread (" + thread.getName() + "),"
        + " finished task or not: it would block the loop; use await() in an @Async method"
        + " instead (or resultNow() on a task known to be finished)";
  }

  @Test
  @Timeout(5)
  void joinOffTheLoopWaitsForACompletionFromAnotherThread() throws Exception {
    Promise<String> promise = new Promise<>();
    Thread completer = new Thread(() -> promise.complete("joined"));
    completer.start();
    assertEquals("joined", promise.task().join());
    completer.join();
  }

  @Test
  @Timeout(5)
  void joinThrowsTheVeryFailureEvenAChecked() {
    IOException failure = new IOException("disk");
    Task<String> failed = Task.failed(failure);
    Throwable thrown = assertThrows(IOException.class, failed::join);
    assertSame(failure, thrown);
  }

  @Test
  void awaitWithoutTheAgentSaysWhatToDo() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> Await.await(Task.completed(1)));
    assertTrue(refused.getMessage().startsWith("await() called in dev.spindle.TaskTest."),
        refused.getMessage());
    assertTrue(refused.getMessage().endsWith(", which was not rewritten by the Spindle agent:"
        + " mark the method @Async and run with -javaagent:spindle-agent.jar (or"
        + " SpindleAgent.install()), or block with Task.join() outside the event loop"),
        refused.getMessage());
    assertThrows(IllegalStateException.class,
        () -> Await.await(CompletableFuture.completedFuture(1)));
  }

  @Test
  void statesFollowTheirLegalTransitions() {
    Promise<String> promise = new Promise<>();
    assertEquals(TaskState.PENDING, promise.task().state());
    assertTrue(promise.complete("v"));
    assertFalse(promise.fail(new RuntimeException()), "a finished task never changes");
    assertEquals(TaskState.SUCCEEDED, promise.task().state());
    Task<Object> failed = Task.failed(new RuntimeException("failed on purpose"));
    assertEquals(TaskState.FAILED, failed.state());
    failed.failureNow(); // observed, so the unobserved-failure report stays out of the build log
    Promise<String> cancelled = new Promise<>();
    assertTrue(cancelled.task().cancel());
    assertEquals(TaskState.CANCELLED, cancelled.task().state());
    for (TaskState from : TaskState.values()) {
      for (TaskState to : TaskState.values()) {
        assertEquals(from == TaskState.PENDING && to != TaskState.PENDING, from.canBecome(to),
            from + " -> " + to);
      }
    }
  }

  @Test
  void allGathersValuesInOrderOnceEveryTaskSucceeds() {
    Promise<String> first = new Promise<>();
    Promise<String> second = new Promise<>();
    Task<List<String>> all = Task.all(first.task(), second.task(), Task.completed("third"));
    second.complete("second");
    assertFalse(all.isDone());
    first.complete(null);
    assertEquals(Arrays.asList(null, "second", "third"), all.resultNow());
    assertEquals(List.of(), Task.all(List.<Task<String>>of()).resultNow());
  }

  @Test
  void allFailsWithTheFirstFailure() {
    Promise<String> slow = new Promise<>();
    IllegalStateException failure = new IllegalStateException("one failed");
    Task<List<String>> all = Task.all(slow.task(), Task.failed(failure));
    assertSame(failure, all.failureNow());
    assertFalse(slow.task().isDone(), "the others keep running, as with Promise.all");
  }

  @Test
  void anyTakesTheFirstOutcomeAndCancelsTheRest() {
    Promise<String> loser = new Promise<>();
    Promise<String> winner = new Promise<>();
    Task<String> any = Task.any(loser.task(), winner.task());
    winner.complete("won");
    assertEquals("won", any.resultNow());
    assertTrue(loser.task().isCancelled());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> Task.any(List.<Task<String>>of()));
    assertEquals("Task.any(...) must be given at least one task: none; there is nothing to wait"
        + " for", none.getMessage());
  }

  @Test
  void cancellingAllOrAnyCancelsTheirInputs() {
    Promise<String> a = new Promise<>();
    Promise<String> b = new Promise<>();
    assertTrue(Task.all(a.task()).cancel());
    assertTrue(Task.any(b.task()).cancel());
    assertTrue(a.task().isCancelled());
    assertTrue(b.task().isCancelled());
  }

  @Test
  void toCompletableFutureAndFromKeepFailuresUnwrapped() throws Exception {
    IOException failure = new IOException("unwrapped");
    CompletableFuture<String> future = Task.<String>failed(failure).toCompletableFuture();
    ExecutionException wrapped = assertThrows(ExecutionException.class, future::get);
    assertSame(failure, wrapped.getCause());
    CompletableFuture<String> source = new CompletableFuture<>();
    Task<String> task = Task.from(source.thenApply(s -> s));
    source.completeExceptionally(failure);
    assertSame(failure, task.failureNow(), "the CompletionException is peeled off");
    assertInstanceOf(CancellationException.class, cancelledFailure());
  }

  @Test
  void aRemovedWaiterIsNeverToldAndTheOthersAreToldInOrder() {
    Promise<String> promise = new Promise<>();
    java.util.List<Integer> told = new java.util.ArrayList<>();
    java.util.List<Waiter> waiters = new java.util.ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      int index = i;
      Waiter waiter = done -> told.add(index);
      waiters.add(waiter);
      promise.task().whenDone(waiter);
    }
    assertTrue(promise.task().removeWaiter(waiters.get(0)), "the oldest, deepest in the list");
    assertTrue(promise.task().removeWaiter(waiters.get(50_000)));
    assertTrue(promise.task().removeWaiter(waiters.get(99_999)), "the newest");
    assertFalse(promise.task().removeWaiter(waiters.get(0)), "already removed");
    promise.complete("done");
    assertEquals(99_997, told.size());
    assertEquals(1, told.get(0));
    assertEquals(99_998, told.get(told.size() - 1));
    assertFalse(told.contains(50_000));
  }

  @Test
  void aFewWaitersAndManyWaitersAreToldOldestFirst() {
    for (int count : new int[] {2, 3, 8, 9, 20}) {
      Promise<String> promise = new Promise<>();
      java.util.List<Integer> told = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        promise.task().whenDone(done -> told.add(index));
      }
      promise.complete("done");
      assertEquals(java.util.stream.IntStream.range(0, count).boxed().toList(), told,
          count + " waiters");
    }
  }

  @Test
  void tellingAFewWaitersAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    int[] told = {0};
    Waiter first = done -> told[0]++;
    Waiter second = done -> told[0]++;
    Waiter third = done -> told[0]++;
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: made raw, used typed
    Promise<Void>[] promises = new Promise[10_000];
    for (int i = 0; i < promises.length; i++) {
      promises[i] = new Promise<>();
      promises[i].task().whenDone(first);
      promises[i].task().whenDone(second);
      promises[i].task().whenDone(third);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (Promise<Void> promise : promises) {
      promise.complete(null);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(30_000, told[0]);
    assertTrue(allocated < 16 << 10, // a list or deque per completion would be over 500 KB
        allocated + " bytes allocated telling 3 waiters of each of 10,000 tasks");
  }

  private static Throwable cancelledFailure() {
    Promise<String> promise = new Promise<>();
    promise.task().cancel();
    return promise.task().failureNow();
  }
}
