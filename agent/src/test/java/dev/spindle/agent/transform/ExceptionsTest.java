package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.ExceptionsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class ExceptionsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void await_in_try_catch_and_finally(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    assertEquals("try ok, finally 1",
        corpus.run("awaitInTryCatchAndFinally", corpus.source(), false));
    assertEquals("catch io+, finally 1",
        corpus.run("awaitInTryCatchAndFinally", corpus.source(), true));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_early_return_runs_the_finally_block(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    Object trace = newTrace(corpus, "t");
    assertEquals("returned at 2", corpus.run("earlyReturnThroughFinally", corpus.source(), trace, 2));
    assertEquals(List.of("i0", "i1", "i2", "finally done"), events(trace));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void try_with_resources_closes_in_order_around_awaits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    assertEquals("body b, after a",
        corpus.run("tryWithResources", corpus.source(), newTrace(corpus, "t"), false));
    assertEquals("body b, caught inside c",
        corpus.run("tryWithResources", corpus.source(), newTrace(corpus, "t"), true));
    assertEquals("use 1, close t",
        corpus.run("resourceClosedAfterAwait", corpus.source(), newTrace(corpus, "t")));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_catch_that_awaits_after_an_exception_left_a_synchronized_block(Mode mode)
      throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    Object lock = new Object();
    assertEquals("before, caught inside after, held false",
        corpus.run("awaitInACatchAfterSynchronized", corpus.source(), lock, true));
    assertEquals("before, no failure",
        corpus.run("awaitInACatchAfterSynchronized", corpus.source(), lock, false));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nested_try_blocks(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    assertEquals("af1inneragain!", corpus.run("nestedTryBlocks", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_checked_exception_arrives_unwrapped(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    assertEquals("got checked", corpus.run("checkedExceptionFromATask", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void exceptions_and_errors_after_a_resume_fail_the_task(Mode mode) {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> corpus.run("uncaughtAfterResume", corpus.source()));
    assertEquals("thrown after v", thrown.getMessage());
    StackOverflowError error = assertThrows(StackOverflowError.class,
        () -> corpus.run("errorsFailTheTaskToo", corpus.source()));
    assertEquals("an Error", error.getMessage());
    IllegalStateException rethrown = assertThrows(IllegalStateException.class,
        () -> corpus.run("rethrowFromCatch", corpus.source()));
    assertEquals("original", rethrown.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_inside_finally_replaces_the_result(Mode mode) {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    Source source = Source.failingAt(mode, 4);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("earlyReturnThroughFinally", source, newTrace(corpus, "t"), 2)));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void cancelling_a_suspended_call_throws_at_its_await_and_runs_finally(Mode mode)
      throws Exception {
    Corpus corpus = Corpus.load(ExceptionsCorpus.class, mode);
    Object trace = newTrace(corpus, "t");
    Source source = corpus.source();
    java.lang.reflect.Method method = corpus.type().getMethod("suspendedUntilCancelled",
        Source.class, trace.getClass());
    assertThrows(java.util.concurrent.CancellationException.class, () -> EventLoop.run(() -> {
      try {
        Task<?> task = (Task<?>) method.invoke(null, source, trace);
        cancelOnceAwaitingForever(task, trace);
        return task;
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }));
    assertEquals(List.of("before 1", "caught task cancelled", "finally"), events(trace));
  }

  /** Cancels {@code task} on the first loop turn after it reached its never-ending await. */
  private static void cancelOnceAwaitingForever(Task<?> task, Object trace) {
    EventLoop.yieldNow().whenDone(turn -> {
      try {
        if (events(trace).contains("before 1")) {
          task.cancel();
        } else {
          cancelOnceAwaitingForever(task, trace);
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static Object newTrace(Corpus corpus, String name) throws Exception {
    Class<?> trace = corpus.type().getClassLoader()
        .loadClass(ExceptionsCorpus.Trace.class.getName());
    return trace.getConstructor(String.class).newInstance(name);
  }

  @SuppressWarnings("unchecked")
  private static List<String> events(Object trace) throws Exception {
    Field events = trace.getClass().getField("events");
    return (List<String>) events.get(trace);
  }
}
