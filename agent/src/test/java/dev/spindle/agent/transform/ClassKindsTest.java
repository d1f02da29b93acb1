package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.ClassKindsCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class ClassKindsTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void interfaces_enums_records_inner_local_and_anonymous_classes(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(ClassKindsCorpus.class, mode);
    Object receiver = corpus.type().getConstructor(int.class).newInstance(100);
    assertEquals("hello world!!|private world|local100|hi anonymous|5|6|multiply1|7|101",
        corpus.runOn(receiver, "everyKind", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_in_a_default_method_reaches_the_caller(Mode mode) throws Exception {
    Corpus corpus = Corpus.load(ClassKindsCorpus.class, mode);
    Object receiver = corpus.type().getConstructor(int.class).newInstance(100);
    Source source = Source.failingAt(mode, 2);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.runOn(receiver, "everyKind", source)));
  }
}
