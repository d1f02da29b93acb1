package dev.spindle.agent.transform.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.agent.transform.support.Bytecode;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class MonitorAnalyzerTest {
  private final ClassNode fixtures = Bytecode.read(AnalysisFixtures.class);

  @Test
  void monitors_are_counted_along_the_flow_and_released_after_the_block() {
    MethodNode method = Bytecode.method(fixtures, "synchronizedAwait");
    int[] depths = MonitorAnalyzer.depths(method);
    assertEquals(1, depths[method.instructions.indexOf(Bytecode.awaitCall(method, 0))]);
    assertEquals(0, depths[method.instructions.indexOf(Bytecode.awaitCall(method, 1))]);
  }

  @Test
  void a_catch_outside_the_block_runs_after_javacs_handler_released_the_monitor() {
    MethodNode method = Bytecode.method(fixtures, "catchAfterSynchronized");
    int[] depths = MonitorAnalyzer.depths(method);
    assertEquals(0, depths[method.instructions.indexOf(Bytecode.awaitCall(method, 0))]);
  }

  @Test
  void a_catch_inside_the_block_still_holds_the_monitor() {
    MethodNode method = Bytecode.method(fixtures, "catchInsideSynchronized");
    int[] depths = MonitorAnalyzer.depths(method);
    assertEquals(1, depths[method.instructions.indexOf(Bytecode.awaitCall(method, 0))]);
  }
}
