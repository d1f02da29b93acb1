package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;

import dev.spindle.agent.transform.corpus.BasicsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import dev.spindle.internal.frame.AsyncFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class BasicsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void locals_survive_awaits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    assertEquals(33, corpus.run("addTwo", corpus.source(), 3));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_value_on_the_operand_stack_survives_an_await(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    assertEquals(307, corpus.run("stackOperand", corpus.source(), 3));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failed_task_throws_at_the_await_into_the_users_catch(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    assertEquals("caught boom!", corpus.run("catchesFailure", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_escaping_the_body_fails_the_task_with_the_same_exception(Mode mode) {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    Source source = Source.failingAt(mode, 2);
    Throwable thrown = assertThrows(Throwable.class, () -> corpus.run("addTwo", source, 3));
    assertSame(source.failure(), thrown);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_resumed_method_runs_on_the_loop_thread_it_suspended_on(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    String loop = Thread.currentThread().getName();
    assertEquals(loop + " -> " + loop, corpus.run("threadsAroundAwait", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_method_without_await_returns_its_task(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    assertEquals(null, corpus.run("noAwait"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_exception_before_any_await_fails_the_task_instead_of_throwing(Mode mode) {
    Corpus corpus = Corpus.load(BasicsCorpus.class, mode);
    UnsupportedOperationException thrown = assertThrows(UnsupportedOperationException.class,
        () -> corpus.run("throwsBeforeAwait", corpus.source()));
    assertEquals("early", thrown.getMessage());
  }

  @Test
  void the_fast_path_returns_the_bodys_own_task_and_allocates_no_frame() {
    Corpus corpus = Corpus.load(BasicsCorpus.class, Mode.DONE);
    Task<?> task = corpus.taskOf("addTwo", corpus.source(), 3);
    assertTrue(task.isDone());
    assertFalse(task instanceof AsyncFrame,
        "no frame for a call that never suspended");
  }

  @Test
  void always_suspend_mode_suspends_on_a_finished_task() {
    Corpus corpus = Corpus.load(BasicsCorpus.class, Mode.ALWAYS_SUSPEND);
    Task<?> task = corpus.taskOf("addTwo", corpus.source(), 3);
    assertTrue(task instanceof AsyncFrame);
  }

  @Test
  void awaiting_finished_tasks_allocates_nothing() throws Throwable {
    Corpus corpus = Corpus.load(BasicsCorpus.class, Mode.DONE);
    Task<Integer> done = Task.completed(1);
    corpus.call("fastPathLoop", done, 10_000); // warm up
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    Task<?> result = (Task<?>) corpus.call("fastPathLoop", done, 1_000_000);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertEquals(1_000_000, result.resultNow());
    assertTrue(allocated < 10_000, "a million fast-path awaits allocated " + allocated + " bytes");
  }

  @Test
  void a_suspended_frame_does_not_keep_values_that_are_no_longer_live() {
    Corpus corpus = Corpus.load(BasicsCorpus.class, Mode.LATER);
    java.util.List<java.lang.ref.WeakReference<Object>> watch = new java.util.ArrayList<>();
    dev.spindle.Promise<Void> gate = new dev.spindle.Promise<>();
    boolean[] collected = new boolean[1];
    Object result = dev.spindle.EventLoop.run(() -> {
      Task<?> task;
      try {
        task = (Task<?>) corpus.call("releasesWhatIsNoLongerLive", corpus.source(), watch,
            gate.task());
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
      // Two turns later the call is suspended on the gate, with payload dead.
      dev.spindle.EventLoop.yieldNow().whenDone(first -> dev.spindle.EventLoop.yieldNow()
          .whenDone(second -> {
            for (int attempt = 0; attempt < 20 && watch.get(0).get() != null; attempt++) {
              System.gc();
            }
            collected[0] = watch.get(0).get() == null;
            gate.complete(null);
          }));
      return task;
    });
    assertEquals(1, result);
    assertTrue(collected[0], "the payload saved at the first await was still reachable");
  }
}
