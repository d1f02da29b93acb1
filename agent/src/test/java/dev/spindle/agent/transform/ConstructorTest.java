package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.ConstructorCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class ConstructorTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void an_await_among_constructor_arguments(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    assertEquals("(left, right)", corpus.run("constructorArgument", corpus.source(), "left"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nested_constructors_with_awaits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    assertEquals("((1, 2), (3, (4, 5.0)))", corpus.run("nestedConstructors", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void primitive_constructor_arguments_and_string_builders(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    assertEquals("start (77, 77!)",
        corpus.run("primitiveArgumentsAndStringBuilder", corpus.source(), 77L));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void inner_class_constructor(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    Object receiver = corpus.call("create");
    assertEquals(9, corpus.runOn(receiver, "innerClassConstructor", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void constructors_in_both_branches_of_a_ternary(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    assertEquals("(yes, 1)", corpus.run("constructorInTernary", corpus.source(), true));
    assertEquals("(2, no)", corpus.run("constructorInTernary", corpus.source(), false));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_inside_constructor_arguments_fails_the_task(Mode mode) {
    Corpus corpus = Corpus.load(ConstructorCorpus.class, mode);
    Source source = Source.failingAt(mode, 2);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("nestedConstructors", source)));
  }
}
