package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.refused.RefusedCorpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import dev.spindle.agent.transform.support.TransformingClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RefusalsTest {
  private static final String CORPUS = RefusedCorpus.class.getName();
  private static TransformingClassLoader loader;
  private static Class<?> corpus;

  @BeforeAll
  static void load() throws Exception {
    loader = new TransformingClassLoader("dev.spindle.agent.transform.refused.",
        TransformOptions.DEFAULT, RefusalsTest.class.getClassLoader());
    corpus = loader.loadClass(CORPUS);
    loader.loadClass(CORPUS + "$1");
    loader.loadClass(CORPUS + "$Shapes");
  }

  private static int line(String marker) {
    return dev.spindle.agent.transform.support.SourceLines.lineOf(RefusedCorpus.class, marker);
  }

  private static Refusal refusalOf(String className, String methodName) {
    List<Refusal> found = loader.refusals().stream()
        .filter(r -> r.className().equals(className) && r.methodName().equals(methodName))
        .collect(Collectors.toList());
    assertEquals(1, found.size(), "refusals of " + methodName + ": " + loader.refusals());
    return found.get(0);
  }

  @Test
  void await_in_a_synchronized_block_is_refused_with_place_and_fix() {
    Refusal refusal = refusalOf(CORPUS, "awaitInSynchronizedBlock");
    assertEquals("await() called inside a synchronized block in " + CORPUS
        + ".awaitInSynchronizedBlock(Source) (RefusedCorpus.java:" + line("sync-block") + "): a"
        + " suspended call cannot hold a monitor; move the await out of the synchronized block"
        + " (the event loop already runs one task at a time)", refusal.message());
    assertEquals(line("sync-block"), refusal.line());
    assertEquals("(Ldev/spindle/agent/transform/support/Source;)Ldev/spindle/Task;",
        refusal.descriptor());
  }

  @Test
  void await_in_a_synchronized_method_is_refused() {
    assertEquals("await() called in synchronized method " + CORPUS
        + ".synchronizedMethod(Source) (RefusedCorpus.java:" + line("sync-method") + "): a"
        + " suspended call cannot hold a monitor; remove synchronized (the event loop already"
        + " runs one task at a time)", refusalOf(CORPUS, "synchronizedMethod").message());
  }

  @Test
  void await_in_a_lambda_body_is_reported_with_the_enclosing_method() {
    Refusal refusal = loader.refusals().stream()
        .filter(r -> r.methodName().startsWith("lambda$awaitInLambda$")).findFirst()
        .orElseThrow();
    assertEquals("await() called in a lambda body in " + CORPUS + ".awaitInLambda(Source)"
        + " (RefusedCorpus.java:" + line("lambda") + "), and the lambda returns Integer, not"
        + " Task: make the lambda return a Task (its functional interface's method must return"
        + " Task<T>, as Supplier<Task<T>> or Function<A, Task<T>> do, and the lambda"
        + " Task.completed(value)) so that it is rewritten as an async lambda, or await in the"
        + " enclosing method", refusal.message());
  }

  @Test
  void await_in_a_method_that_is_not_async_is_reported_and_throws_the_report_when_it_runs()
      throws Exception {
    String report = "await() called in " + CORPUS + ".notAsync(Source) (RefusedCorpus.java:"
        + line("not-async") + "), which is not @Async: annotate it or call join()";
    assertEquals(report, refusalOf(CORPUS, "notAsync").message());
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> invoke("notAsync", Source.of(Mode.DONE)));
    assertEquals(refusedAwait(report), thrown.getMessage());
  }

  @Test
  void await_in_a_lambda_body_throws_its_load_time_report_when_the_lambda_runs() {
    Refusal refusal = loader.refusals().stream()
        .filter(r -> r.methodName().startsWith("lambda$awaitInLambda$")).findFirst()
        .orElseThrow();
    Throwable thrown = EventLoop.run(() -> {
      try {
        Task<?> task = (Task<?>) invoke("awaitInLambda", Source.of(Mode.DONE));
        return Task.completed(task.failureNow());
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(IllegalStateException.class, thrown.getClass());
    assertEquals(refusedAwait(refusal.message()), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("(RefusedCorpus.java:" + line("lambda") + ")"),
        thrown.getMessage());
  }

  @Test
  void without_the_agent_the_same_await_still_says_to_run_with_the_agent() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> RefusedCorpus.notAsync(Source.of(Mode.DONE))); // this test's own copy: not rewritten
    assertEquals("await() called in " + CORPUS + ".notAsync(RefusedCorpus.java:"
        + line("not-async") + "), which was not rewritten by the Spindle agent: mark the method"
        + " @Async and run with -javaagent:spindle-agent.jar (or SpindleAgent.install()), or"
        + " block with Task.join() outside the event loop", thrown.getMessage());
  }

  /** What a refused await throws at run time, for the report made when its class loaded. */
  private static String refusedAwait(String report) {
    return "await() cannot suspend here: the Spindle agent refused to rewrite this method when"
        + " its class loaded: " + report;
  }

  @Test
  void await_in_an_anonymous_class_is_reported() {
    assertEquals("await() called in " + CORPUS + "$1.get() (RefusedCorpus.java:"
        + line("anonymous") + "), which is not @Async (its class is declared in " + CORPUS
        + ".anonymous(Source)): annotate it or call join()",
        refusalOf(CORPUS + "$1", "get").message());
  }

  @Test
  void async_on_a_method_not_returning_task_is_refused_and_throws_the_same_message() {
    String message = "@Async method " + CORPUS + ".notReturningTask(Source) (RefusedCorpus.java:"
        + (line("not-task") + 1) + ") returns int, not Task (nor CompletableFuture or"
        + " CompletionStage): declare it to return Task<T> and return Task.completed(value)";
    assertEquals(message, refusalOf(CORPUS, "notReturningTask").message());
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> invoke("notReturningTask", Source.of(Mode.DONE)));
    assertEquals(message, thrown.getMessage());
  }

  @Test
  void a_refused_async_method_throws_its_refusal_when_called() {
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> invoke("awaitInSynchronizedBlock", Source.of(Mode.DONE)));
    assertEquals(refusalOf(CORPUS, "awaitInSynchronizedBlock").message(), thrown.getMessage());
  }

  @Test
  void abstract_and_native_async_methods_are_refused() {
    String shapes = CORPUS + "$Shapes";
    assertEquals("@Async on abstract method " + shapes + ".area() (RefusedCorpus.java): it has no"
        + " body to rewrite; put @Async on the methods that implement it",
        refusalOf(shapes, "area").message());
    assertEquals("@Async on native method " + shapes + ".perimeter() (RefusedCorpus.java): it has"
        + " no bytecode to rewrite; remove @Async, or call it from an @Async Java method",
        refusalOf(shapes, "perimeter").message());
  }

  @Test
  void the_other_methods_of_a_class_with_refusals_still_work() throws Throwable {
    assertEquals("fine 6", EventLoop.run(() -> {
      try {
        return (Task<?>) invoke("stillRewritten", Source.of(Mode.LATER));
      } catch (Throwable e) {
        throw new AssertionError(e);
      }
    }));
    Supplier<?> anonymous = (Supplier<?>) invoke("anonymous", Source.of(Mode.DONE));
    assertThrows(IllegalStateException.class, anonymous::get);
  }

  @Test
  void an_async_lambda_awaiting_under_a_monitor_is_refused_alone_and_throws_its_refusal()
      throws Throwable {
    Refusal refusal = loader.refusals().stream()
        .filter(r -> r.methodName().startsWith("lambda$asyncLambdaInSynchronizedBlock$"))
        .findFirst().orElseThrow();
    assertEquals("await() called inside a synchronized block in " + CORPUS + "."
        + refusal.methodName() + "(Source) (RefusedCorpus.java:" + line("lambda-sync") + "): a"
        + " suspended call cannot hold a monitor; move the await out of the synchronized block"
        + " (the event loop already runs one task at a time)", refusal.message());
    Supplier<?> refused = (Supplier<?>) invoke("asyncLambdaInSynchronizedBlock",
        Source.of(Mode.DONE));
    assertEquals(refusal.message(),
        assertThrows(IllegalStateException.class, refused::get).getMessage());
    Supplier<?> beside = (Supplier<?>) invoke("asyncLambdaBeside", Source.of(Mode.LATER));
    assertEquals("beside fine", EventLoop.run(() -> (Task<?>) beside.get()));
  }

  private static Object invoke(String name, Object... arguments) throws Throwable {
    for (Method method : corpus.getDeclaredMethods()) {
      if (method.getName().equals(name) && !method.isSynthetic()) {
        try {
          return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }
}
