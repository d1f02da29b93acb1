package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.MethodKindsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(20)
class MethodKindsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void recursion(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals(5050L, corpus.run("recursiveSum", corpus.source(), 100));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void instance_and_private_methods(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    Object receiver = corpus.type().getConstructor(String.class).newInstance("obj");
    assertEquals("obj-xobj3", corpus.runOn(receiver, "instanceMethod", corpus.source(), "x"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void generic_and_varargs_methods(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals("pear", corpus.run("genericMax", corpus.source(), "apple", "pear"));
    assertEquals(3006, corpus.run("varargs", corpus.source(), (Object) new int[] {1, 2, 3}));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void returning_another_task_completes_the_methods_task(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals("from another task", corpus.run("returnsAnotherTask", corpus.source(), true));
    assertEquals("from another task", corpus.run("returnsAnotherTask", corpus.source(), false));
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> corpus.run("returnsAFailedTask", corpus.source()));
    assertEquals("returned failure", failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void returning_null_fails_the_task_with_a_message(Mode mode) {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    for (boolean suspendFirst : new boolean[] {false, true}) {
      NullPointerException failure = assertThrows(NullPointerException.class,
          () -> corpus.run("returnsNull", corpus.source(), suspendFirst));
      assertEquals("an @Async method returned null instead of a Task: return"
          + " Task.completed(value) or Task.completed()", failure.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void await_of_completion_stages(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals("stage5", corpus.run("awaitsCompletionStages", corpus.source()));
    assertEquals("caught stage failed",
        corpus.run("failedCompletionStageArrivesUnwrapped", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void many_calls_in_flight_at_once(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals(1 + 3 + 6 + 10 + 15, corpus.run("callsManyAsyncMethods", corpus.source()));
    List<String> out = new ArrayList<>();
    assertEquals(null, corpus.run("voidTask", corpus.source(), out));
    assertEquals(List.of("ran"), out);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_deep_chain_of_awaiting_calls_completes_without_stack_overflow(Mode mode)
      throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    assertEquals(2001L, corpus.run("deepChain", corpus.source(), 2000));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_deep_in_a_recursion_reaches_the_top(Mode mode) {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, mode);
    Source source = Source.failingAt(mode, 7);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("recursiveSum", source, 20)));
  }

  @Test
  void a_chain_of_200_000_suspended_calls_unwinds_without_stack_overflow() throws Throwable {
    Corpus corpus = Corpus.load(MethodKindsCorpus.class, Mode.LATER);
    Method plusOne = corpus.type().getMethod("plusOne", Task.class);
    Promise<Long> innermost = new Promise<>();
    Object result = EventLoop.run(() -> {
      try {
        Task<?> chain = innermost.task();
        for (int i = 0; i < 200_000; i++) {
          chain = (Task<?>) plusOne.invoke(null, chain);
        }
        EventLoop.yieldNow().whenDone(turn -> innermost.complete(0L));
        return chain;
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(200_000L, result);
  }
}
