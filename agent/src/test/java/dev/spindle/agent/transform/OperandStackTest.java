package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.OperandStackCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class OperandStackTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void arguments_evaluated_before_an_await_survive(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals("a12d", corpus.run("argumentsBeforeTheAwait", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_receiver_on_the_stack_survives(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    Object receiver = corpus.type().getConstructor().newInstance();
    assertEquals("first,xsecond", corpus.runOn(receiver, "receiverOnTheStack", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void array_stores_with_awaited_index_and_value(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals("42zero2.5", corpus.run("arrayStores", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void field_stores_and_compound_assignment(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    Object receiver = corpus.type().getConstructor().newInstance();
    assertEquals((5 + 10) * 2 + 101 + 12,
        corpus.runOn(receiver, "fieldStoresAndCompoundAssignment", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void string_concatenation_across_awaits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals("n=7, c=z, v=value, w=1.5!",
        corpus.run("stringConcatenation", corpus.source(), 7, 'z'));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ternaries_and_short_circuit_conditions(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals(1 + 10 + 100, corpus.run("ternariesAndConditions", corpus.source(), true, 5));
    assertEquals(-3 + 2 + 20 + 1000, corpus.run("ternariesAndConditions", corpus.source(), false, -3));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void nested_awaits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals(14, corpus.run("nestedAwaits", corpus.source()));
    assertEquals(8, corpus.run("awaitOfACallResult", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void wide_compound_assignments_chained_assignments_and_increments(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    assertEquals("12 2.0 20 20 20 text/t",
        corpus.run("wideCompoundsChainsAndIncrements", corpus.source()));
    assertEquals(3, corpus.run("synchronizedBlockBeforeAnAwait", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_with_values_on_the_stack_fails_the_task(Mode mode) {
    Corpus corpus = Corpus.load(OperandStackCorpus.class, mode);
    Source source = Source.failingAt(mode, 2);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("stringConcatenation", source, 1, 'a')));
  }
}
