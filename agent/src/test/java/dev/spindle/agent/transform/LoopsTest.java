package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.LoopsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(20)
class LoopsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void for_loop(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals(45, corpus.run("forLoop", corpus.source(), 10));
    assertEquals(0, corpus.run("forLoop", corpus.source(), 0));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void while_with_await_in_its_condition(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals(6, corpus.run("whileWithAwaitInCondition", corpus.source(), 6));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void do_while(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals(1024, corpus.run("doWhile", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void for_each_over_arrays(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals("ABC", corpus.run("forEachOverArray", corpus.source(),
        (Object) new String[] {"a", "b", "c"}));
    assertEquals(60, corpus.run("forEachOverPrimitiveArray", corpus.source(),
        (Object) new long[] {10, 20, 30}));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void for_each_over_lists_maps_and_iterators(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals("x;y;", corpus.run("forEachOverList", corpus.source(), List.of("x", "y")));
    assertEquals("a10b20c30abc", corpus.run("explicitIteratorAndMap", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void break_continue_and_labels(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    int expected = 0;
    outer:
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        if (j == 3) {
          continue outer;
        }
        if (i == 4) {
          break outer;
        }
        if ((i + j) % 2 == 0) {
          continue;
        }
        expected += i * 10 + j;
      }
    }
    assertEquals(expected, corpus.run("breakContinueAndLabels", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void ten_thousand_suspensions_in_one_call(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals(10_000, corpus.run("manyIterations", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_in_the_middle_of_a_loop_fails_the_task(Mode mode) {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    Source source = Source.failingAt(mode, 4);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("forLoop", source, 10)));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_loop_whose_header_is_the_first_instruction(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(LoopsCorpus.class, mode);
    assertEquals(0, corpus.run("loopAtTheVeryStart", corpus.source(), 5));
  }
}
