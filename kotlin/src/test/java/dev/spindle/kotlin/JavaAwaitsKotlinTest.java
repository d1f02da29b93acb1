package dev.spindle.kotlin;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import kotlinx.coroutines.CompletableDeferred;
import kotlinx.coroutines.CompletableDeferredKt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code @Async} Java methods, rewritten by the agent, awaiting Kotlin suspend calls, deferreds
 * and jobs. {@link EventLoop#run} runs the loop on the test thread, so "the loop thread" is
 * {@code Thread.currentThread()} of the test.
 */
@Timeout(10)
class JavaAwaitsKotlinTest {
  private final Thread loopThread = Thread.currentThread();

  /** A value and the thread the Java method was on right after its await. */
  record Resumed<T>(T value, Thread thread) {}

  @Async
  static Task<Resumed<String>> fetchCached(int id) {
    String user = await(Coroutines.suspend(c -> KotlinApi.fetchCached(id, c)));
    return Task.completed(new Resumed<>(user, Thread.currentThread()));
  }

  @Test
  void aKotlinCallThatReturnsAtOnceNeedsNoSuspension() {
    Resumed<String> resumed = EventLoop.run(() -> {
      Task<Resumed<String>> task = fetchCached(42);
      assertTrue(task.isDone(), "nothing suspended, so the @Async method has finished");
      return task;
    });
    assertEquals("user-42", resumed.value());
    assertSame(loopThread, resumed.thread());
  }

  @Async
  static Task<Resumed<KotlinApi.Fetched>> fetchSlowly(int id) {
    KotlinApi.Fetched answer = await(Coroutines.suspend(c -> KotlinApi.fetchSlowly(id, 20, c)));
    return Task.completed(new Resumed<>(answer, Thread.currentThread()));
  }

  @Test
  void aKotlinCallSuspendedOnDelayResumesTheJavaMethodOnTheLoopThread() {
    Resumed<KotlinApi.Fetched> resumed = EventLoop.run(() -> {
      Task<Resumed<KotlinApi.Fetched>> task = fetchSlowly(7);
      assertFalse(task.isDone(), "the Kotlin call is in its delay");
      return task;
    });
    assertEquals("user-7", resumed.value().getUser());
    assertSame(loopThread, resumed.value().getThread(), "Kotlin continued after delay on the loop");
    assertSame(loopThread, resumed.thread(), "Java continued after await on the loop");
  }

  @Async
  static Task<Resumed<Throwable>> catchRejection(Throwable error, boolean later) {
    try {
      await(Coroutines.suspend(c -> later
          ? KotlinApi.rejectLater(error, c)
          : KotlinApi.rejectNow(error, c)));
      return Task.completed(null);
    } catch (IllegalStateException caught) {
      return Task.completed(new Resumed<>(caught, Thread.currentThread()));
    }
  }

  @Test
  void aKotlinExceptionThrownAtOnceIsCaughtInJavaAsTheSameObject() {
    IllegalStateException error = new IllegalStateException("quota exceeded for user 42");
    Resumed<Throwable> caught = EventLoop.run(() -> catchRejection(error, false));
    assertSame(error, caught.value());
    assertSame(loopThread, caught.thread());
  }

  @Test
  void aKotlinExceptionThrownAfterSuspendingIsCaughtInJavaAsTheSameObject() {
    // The Kotlin function resumes from delay with a value and then throws: no kotlinx code
    // resumes anything with this exception, so stack-trace recovery never copies it.
    IllegalStateException error = new IllegalStateException("quota exceeded for user 43");
    Resumed<Throwable> caught = EventLoop.run(() -> {
      Task<Resumed<Throwable>> task = catchRejection(error, true);
      assertFalse(task.isDone(), "the Kotlin call is in its delay");
      return task;
    });
    assertSame(error, caught.value());
    assertSame(loopThread, caught.thread());
  }

  @Async
  static Task<String> awaitAndRecord(Task<String> kotlinCall, List<String> events) {
    try {
      return Task.completed(await(kotlinCall));
    } catch (CancellationException e) {
      events.add("java caught " + e.getClass().getSimpleName());
      throw e;
    } finally {
      events.add("java finally on " + Thread.currentThread().getName());
    }
  }

  @Test
  void cancellingTheJavaMethodCancelsTheKotlinCallItAwaits() {
    List<String> events = new ArrayList<>();
    List<Task<String>> tasks = new ArrayList<>();
    EventLoop.run(() -> {
      Task<String> kotlinCall = Coroutines.suspend(c -> KotlinApi.waitUntilCancelled(events, c));
      Task<String> javaCall = awaitAndRecord(kotlinCall, events);
      tasks.add(kotlinCall);
      tasks.add(javaCall);
      assertTrue(javaCall.cancel());
      return Task.from(javaCall.toCompletableFuture().handle((value, error) -> null));
    });
    Task<String> kotlinCall = tasks.get(0);
    Task<String> javaCall = tasks.get(1);
    assertEquals(List.of("kotlin finally on " + loopThread.getName(),
        "java caught JobCancellationException", "java finally on " + loopThread.getName()),
        events);
    assertTrue(kotlinCall.isCancelled(), "a Kotlin cancellation is a Spindle cancellation");
    assertTrue(javaCall.isCancelled());
  }

  @Async
  static Task<Resumed<String>> awaitDeferred(CompletableDeferred<String> deferred) {
    String value = await(Coroutines.fromDeferred(deferred));
    return Task.completed(new Resumed<>(value, Thread.currentThread()));
  }

  @Test
  void aDeferredCompletedOnAnotherThreadResumesTheJavaMethodOnTheLoopThread() {
    CompletableDeferred<String> deferred = CompletableDeferredKt.CompletableDeferred(null);
    Resumed<String> resumed = EventLoop.run(() -> {
      Task<Resumed<String>> task = awaitDeferred(deferred);
      assertFalse(task.isDone(), "the deferred is not complete yet");
      new Thread(() -> deferred.complete("from another thread"), "completer").start();
      return task;
    });
    assertEquals("from another thread", resumed.value());
    assertSame(loopThread, resumed.thread());
  }
}
