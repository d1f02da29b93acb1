package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.LambdasCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.SourceLines;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Async lambdas (issue #13): a lambda whose functional method returns {@code Task} may await, and
 * is rewritten as an {@code @Async} method is, in every arrival mode.
 */
@Timeout(20)
class AsyncLambdasTest {
  private static final String CORPUS = LambdasCorpus.class.getName();

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_spawned_lambda_task(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(30, corpus.run("spawned", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void lambdas_mapped_over_a_stream_each_await(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(List.of("<A>", "<B>", "<C>"),
        corpus.run("mappedOverAStream", corpus.source(), List.of("a", "b", "c")));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nested_lambdas_capture_the_enclosing_locals(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals("[x-p!][y-p!]", corpus.run("nested", corpus.source(), "p"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_lambda_made_in_each_turn_of_a_loop_captures_that_turn(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(0L + 1 + 4 + 9 + 16, corpus.run("inALoop", corpus.source(), 5));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void try_catch_finally_inside_and_around_lambdas(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    List<String> log = new ArrayList<>();
    assertEquals("done", corpus.run("inTry", corpus.source(), log));
    assertEquals(List.of("try a", "caught inner b", "finally", "enclosing caught outer"), log);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_lambda_capturing_this_reads_and_writes_its_fields(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    Object receiver = corpus.type().getConstructor(String.class).newInstance("obj");
    assertEquals("obj?3:2/obj!3:4", corpus.runOn(receiver, "capturesThis", corpus.source()));
    assertEquals(4, corpus.type().getMethod("calls").invoke(receiver));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_user_interface_with_primitive_parameters(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(100L + 0 + 2 + 4 + 6, corpus.run("userInterface", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_method_reference_to_an_async_method_still_works(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(42, corpus.run("methodReference", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void many_lambda_calls_in_flight_at_once(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(2 * (99 * 100 / 2), corpus.run("manyInFlight", corpus.source(), 100));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_serializable_lambda_linked_by_alt_metafactory(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    assertEquals(43, corpus.run("serializable", corpus.source(), 21));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_lambda_in_an_interfaces_default_method_capturing_this(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    Object greeter = corpus.call("greeter", "world");
    Method greet = corpus.type().getClassLoader()
        .loadClass(CORPUS + "$Greeter").getMethod("greet",
            dev.spindle.agent.transform.support.Source.class);
    assertEquals("hello world", EventLoop.run(() -> {
      try {
        return (Task<?>) greet.invoke(greeter, corpus.source());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }));
  }

  @Test
  void a_throw_before_the_first_await_fails_the_lambdas_task_as_in_an_async_method()
      throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, Mode.DONE);
    IllegalStateException error = new IllegalStateException("early");
    Supplier<?> lambda = (Supplier<?>) corpus.call("throwsBeforeAwait", corpus.source(), error);
    Task<?> task = (Task<?>) lambda.get();
    assertSame(error, task.failureNow());
    Supplier<?> fine = (Supplier<?>) corpus.call("throwsBeforeAwait", corpus.source(), null);
    assertEquals(7, ((Task<?>) fine.get()).resultNow());
  }

  @Test
  void a_lambda_returning_a_task_without_await_is_left_as_written() throws Throwable {
    Corpus corpus = Corpus.load(LambdasCorpus.class, Mode.DONE);
    IllegalStateException error = new IllegalStateException("thrown");
    Supplier<?> lambda = (Supplier<?>) corpus.call("doesNotAwait", error);
    assertSame(error, assertThrows(IllegalStateException.class, lambda::get));
    long bodies = java.util.Arrays.stream(corpus.type().getDeclaredMethods())
        .map(Method::getName).filter(name -> name.startsWith("lambda$doesNotAwait$")).count();
    assertEquals(1, bodies, "the body alone, no state machine");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void the_async_stack_trace_names_the_lambda_with_its_file_and_line(Mode mode) {
    Corpus corpus = Corpus.load(LambdasCorpus.class, mode);
    Throwable[] thrown = new Throwable[1];
    IllegalStateException caught = assertThrows(IllegalStateException.class,
        () -> corpus.run("traced", corpus.source(), thrown));
    assertSame(thrown[0], caught, "the very exception thrown");
    List<String> lines = AsyncStackTraceTest.printed(caught);
    assertEquals(List.of(
        "java.lang.IllegalStateException: failed after 1",
        at(CORPUS + ".failsLater", "lambda-throw"),
        "\tat --- awaited by ---.(async stack trace)",
        at(CORPUS + ".lambda$traced$", "lambda-await"),
        at(CORPUS + ".traced", "traced-await")),
        lines.stream().map(line -> line.replaceAll("lambda\\$traced\\$\\d+", "lambda\\$traced\\$"))
            .toList());
  }

  @Test
  void each_awaiting_lambda_gets_a_state_machine_and_keeps_its_name_and_descriptor() {
    Corpus corpus = Corpus.load(LambdasCorpus.class, Mode.DONE);
    long stateMachines = java.util.Arrays.stream(corpus.type().getDeclaredMethods())
        .filter(m -> m.getName().startsWith("lambda$") && m.getReturnType() == Task.class
            && m.getParameterCount() > 0
            && m.getParameterTypes()[m.getParameterCount() - 1].getSimpleName()
                .equals("AsyncFrame"))
        .count();
    assertEquals(13, stateMachines, "one per awaiting lambda of the corpus class");
    assertTrue(EventLoop.currentOrNull() == null);
  }

  private static String at(String method, String marker) {
    return "\tat " + method + "(LambdasCorpus.java:"
        + SourceLines.lineOf(LambdasCorpus.class, marker) + ")";
  }
}
