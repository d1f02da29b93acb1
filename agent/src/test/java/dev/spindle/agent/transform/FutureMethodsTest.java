package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.FutureMethodsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @Async} methods declared to return {@code CompletableFuture} / {@code CompletionStage}
 * (issue #13): rewritten as any other; the caller gets a future backed by the method's task.
 */
@Timeout(20)
class FutureMethodsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_caller_joins_the_future_from_another_thread(Mode mode) throws Exception {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, mode);
    assertEquals(3, onALoopThread(corpus, "sum", corpus.source()).join());
    assertEquals("staged!", onALoopThread(corpus, "stage", corpus.source(), false).join());
    assertEquals("early", onALoopThread(corpus, "stage", corpus.source(), true).join());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_instance_method_and_an_async_caller_of_the_same_class(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, mode);
    Object receiver = corpus.type().getConstructor(int.class).newInstance(10);
    Object future = EventLoop.run(() -> {
      try {
        CompletableFuture<?> returned = (CompletableFuture<?>) corpus.method("instance")
            .invoke(receiver, corpus.source());
        return Task.from(returned);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(15, future);
    assertEquals(6, corpus.run("awaitsOwnFuture", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_completes_the_future_with_the_very_exception(Mode mode) throws Exception {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, mode);
    for (boolean early : new boolean[] {true, false}) {
      IllegalStateException error = new IllegalStateException("boom " + early);
      CompletableFuture<?> future = onALoopThread(corpus, "throwsAfterAwait", corpus.source(),
          error, early);
      CompletionException joined = assertThrows(CompletionException.class, future::join);
      assertSame(error, joined.getCause());
      assertSame(error, future.handle((value, failure) -> failure).join(), "not wrapped");
    }
    IllegalStateException returned = new IllegalStateException("returned");
    CompletableFuture<?> future = onALoopThread(corpus, "returnsAFailedFuture", corpus.source(),
        returned);
    assertSame(returned, future.handle((value, failure) -> failure).join());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void cancelling_the_future_cancels_the_methods_task(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, mode);
    Promise<String> never = new Promise<>();
    List<String> log = new ArrayList<>();
    assertEquals("true true true",
        corpus.run("cancelsThroughTheFuture", corpus.source(), never.task(), log));
    assertEquals(List.of("started x", "cancelled", "finally"), log);
  }

  @Test
  void cancelling_from_another_thread_reaches_the_method_on_its_loop() throws Exception {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, Mode.LATER);
    Promise<String> never = new Promise<>();
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicReference<CompletableFuture<?>> handed = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread loop = new Thread(() -> EventLoop.run(() -> {
      try {
        handed.set((CompletableFuture<?>) corpus.method("waitsUntilCancelled")
            .invoke(null, corpus.source(), never.task(), log));
        Promise<Void> waiting = new Promise<>(); // logged on the turn it suspended on never
        whenLogged(log, "started x", waiting);
        waiting.task().whenDone(turn -> started.countDown());
        Promise<Void> finallyRan = new Promise<>();
        whenLogged(log, "finally", finallyRan); // the loop runs until the method has ended
        return finallyRan.task();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }), "future-loop");
    loop.start();
    started.await();
    assertTrue(handed.get().cancel(true));
    loop.join();
    assertThrows(java.util.concurrent.CancellationException.class, handed.get()::join);
    assertTrue(never.task().isCancelled(), "what the method awaited is cancelled");
    assertEquals(List.of("started x", "cancelled", "finally"), log);
  }

  /** Completes {@code done} on the first loop turn after {@code log} holds {@code entry}. */
  private static void whenLogged(List<String> log, String entry, Promise<Void> done) {
    if (log.contains(entry)) {
      done.complete(null);
    } else {
      EventLoop.yieldNow().whenDone(turn -> whenLogged(log, entry, done));
    }
  }

  @Test
  void the_declared_types_are_kept_for_callers_and_reflection() throws Exception {
    Corpus corpus = Corpus.load(FutureMethodsCorpus.class, Mode.DONE);
    assertEquals(CompletableFuture.class, corpus.method("sum").getReturnType());
    assertEquals(CompletionStage.class, corpus.method("stage").getReturnType());
    assertInstanceOf(CompletableFuture.class,
        onALoopThread(corpus, "stage", corpus.source(), true));
  }

  /** Calls static {@code name} on a loop of its own and returns its future, once finished. */
  private static CompletableFuture<?> onALoopThread(Corpus corpus, String name,
      Object... arguments) throws Exception {
    AtomicReference<CompletableFuture<?>> returned = new AtomicReference<>();
    Thread loop = new Thread(() -> EventLoop.run(() -> {
      try {
        CompletableFuture<?> future = ((CompletionStage<?>) corpus.method(name)
            .invoke(null, arguments)).toCompletableFuture();
        returned.set(future);
        return Task.from(future.handle((value, failure) -> value));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }), "future-loop");
    loop.start();
    loop.join();
    return returned.get();
  }
}
