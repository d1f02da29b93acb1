package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.SwitchCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class SwitchTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void switch_on_int(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(SwitchCorpus.class, mode);
    assertEquals("one!", corpus.run("intSwitchStatement", corpus.source(), 1));
    assertEquals("two or three", corpus.run("intSwitchStatement", corpus.source(), 3));
    assertEquals("hundred", corpus.run("intSwitchStatement", corpus.source(), 100));
    assertEquals("other 7", corpus.run("intSwitchStatement", corpus.source(), 7));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void switch_on_string(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(SwitchCorpus.class, mode);
    assertEquals(11, corpus.run("stringSwitchStatement", corpus.source(), "apple"));
    assertEquals(10, corpus.run("stringSwitchStatement", corpus.source(), "banana"));
    assertEquals(2, corpus.run("stringSwitchStatement", corpus.source(), "BB"));
    assertEquals(-1, corpus.run("stringSwitchStatement", corpus.source(), "cherry"));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void switch_on_enum(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(SwitchCorpus.class, mode);
    assertEquals("s", corpus.run("enumSwitchStatement", corpus.source(), TimeUnit.SECONDS));
    assertEquals("m1", corpus.run("enumSwitchStatement", corpus.source(), TimeUnit.MINUTES));
    assertEquals("hours", corpus.run("enumSwitchStatement", corpus.source(), TimeUnit.HOURS));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void switch_expressions(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(SwitchCorpus.class, mode);
    assertEquals(100 + 1000 + 30000,
        corpus.run("switchExpressions", corpus.source(), 0, "x", TimeUnit.DAYS));
    assertEquals(5 + 2000 + 40000,
        corpus.run("switchExpressions", corpus.source(), 2, "y", TimeUnit.HOURS));
    assertEquals(9 + 2000 + 40000,
        corpus.run("switchExpressions", corpus.source(), 9, "y", TimeUnit.HOURS));
    assertEquals("value: one", corpus.run("switchWithStackOperand", corpus.source(), 1));
    assertEquals("value: many", corpus.run("switchWithStackOperand", corpus.source(), 2));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_in_a_switch_selector_fails_the_task(Mode mode) {
    Corpus corpus = Corpus.load(SwitchCorpus.class, mode);
    Source source = Source.failingAt(mode, 1);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("intSwitchStatement", source, 1)));
  }
}
