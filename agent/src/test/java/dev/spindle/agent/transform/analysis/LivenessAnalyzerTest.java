package dev.spindle.agent.transform.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.support.Bytecode;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class LivenessAnalyzerTest {
  private final ClassNode fixtures = Bytecode.read(AnalysisFixtures.class);

  @Test
  void only_values_read_later_are_live_across_an_await() {
    MethodNode method = Bytecode.method(fixtures, "liveness");
    BitSet live = LivenessAnalyzer.analyze(method).liveBefore(Bytecode.awaitCall(method, 0));
    // slots: 0 t, 1 dead, 2 live, 3 reassigned, 4-5 wide
    BitSet expected = new BitSet();
    expected.set(2);
    expected.set(4);
    assertEquals(expected, live);
  }

  @Test
  void a_local_read_only_by_a_handler_is_live_inside_the_try() {
    MethodNode method = Bytecode.method(fixtures, "liveOnlyInHandler");
    Liveness liveness = LivenessAnalyzer.analyze(method);
    assertTrue(liveness.isLive(Bytecode.awaitCall(method, 0), 1));
  }

  @Test
  void locals_read_by_any_of_the_handlers_around_an_instruction_are_live_there() {
    MethodNode method = Bytecode.method(fixtures, "liveOnlyInAnOuterHandler");
    Liveness liveness = LivenessAnalyzer.analyze(method);
    assertTrue(liveness.isLive(Bytecode.awaitCall(method, 0), 1), "read by the outer catch");
    assertTrue(liveness.isLive(Bytecode.awaitCall(method, 0), 2), "read by the inner catch");
  }
}
