package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.agent.transform.corpus.PrimitivesCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(10)
class PrimitivesTest {
  @ParameterizedTest
  @EnumSource(Mode.class)
  void every_primitive_type_survives_an_await_exactly(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    Object result = corpus.run("everyPrimitive", corpus.source(), true, (byte) -128, 'a',
        (short) -32768, 123456789, 1L << 60, 1.5f, Math.PI);
    assertEquals("true false -128 -127 ab -32768 32767 123456789 246913578 " + (1L << 60) + " "
        + ((1L << 60) << 3) + " 1.5 0.75 " + Math.PI + " " + Math.PI * 3 + " 1", result);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void extreme_values_keep_their_bits(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals(Long.MIN_VALUE + " NaN -Infinity -Infinity " + Integer.MIN_VALUE + " 65535",
        corpus.run("extremes", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void long_and_double_on_the_operand_stack_survive(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals(10L + 7L + 5L, corpus.run("wideValuesOnTheStack", corpus.source(), 10L, 3.5));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void null_and_unassigned_locals_survive(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals("null assigned 1", corpus.run("nullAndUnassignedLocals", corpus.source(), true));
    assertEquals("null null 2", corpus.run("nullAndUnassignedLocals", corpus.source(), false));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void slots_reused_with_other_types_survive(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals((1L << 40) + " 7x 0.5", corpus.run("reusedSlots", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void dead_locals_are_not_needed_after_resumption(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals(2, corpus.run("deadLocalsAreNotNeeded", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void awaited_values_unbox_to_every_primitive(Mode mode) throws Throwable {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    assertEquals(3 + 4 + 2 + 1 + 'a' + 1 + 2 + 3, corpus.run("primitiveResults", corpus.source()));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_among_primitives_fails_the_task(Mode mode) {
    Corpus corpus = Corpus.load(PrimitivesCorpus.class, mode);
    Source source = Source.failingAt(mode, 3);
    assertSame(source.failure(), assertThrows(Throwable.class,
        () -> corpus.run("primitiveResults", source)));
  }
}
