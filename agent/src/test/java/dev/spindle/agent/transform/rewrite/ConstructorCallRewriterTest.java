package dev.spindle.agent.transform.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.corpus.ConstructorCorpus;
import dev.spindle.agent.transform.scan.AsyncMethodScanner;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import dev.spindle.agent.transform.support.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class ConstructorCallRewriterTest {
  @Test
  void moves_new_and_dup_after_the_awaits_among_the_arguments() {
    ClassNode owner = Bytecode.read(ConstructorCorpus.class);
    MethodNode method = Bytecode.method(owner, "nestedConstructors");
    List<SuspensionPoint> points = AsyncMethodScanner.awaitCalls(method);
    assertTrue(ConstructorCallRewriter.rewrite(owner.name, method, points));
    var frames = FrameAnalyzer.analyze(owner.name, method);
    for (SuspensionPoint point : points) {
      FrameSnapshot before = frames.before(point.call());
      assertTrue(before.stack().stream().noneMatch(type -> type instanceof Uninitialized),
          "nothing uninitialized across line " + point.line() + ": " + before.stack());
    }
    int lastAwait = method.instructions.indexOf(points.get(points.size() - 1).call());
    int news = 0;
    for (AbstractInsnNode node : method.instructions) {
      if (node.getOpcode() == Opcodes.NEW) {
        news++;
        assertTrue(method.instructions.indexOf(node) > method.instructions.indexOf(
            points.get(0).call()), "every Pair is created after the first await");
      }
    }
    assertEquals(4, news);
    assertTrue(lastAwait > 0);
  }

  @Test
  void leaves_a_method_without_objects_under_construction_across_awaits_unchanged() {
    ClassNode owner = Bytecode.read(dev.spindle.agent.transform.corpus.MethodKindsCorpus.class);
    MethodNode method = Bytecode.method(owner, "recursiveSum");
    int size = method.instructions.size();
    assertEquals(false, ConstructorCallRewriter.rewrite(owner.name, method,
        AsyncMethodScanner.awaitCalls(method)));
    assertEquals(size, method.instructions.size());
  }
}
