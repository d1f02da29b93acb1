package dev.spindle.agent.transform.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.DOUBLE;
import static org.objectweb.asm.Opcodes.LONG;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.NULL;
import static org.objectweb.asm.Opcodes.TOP;

import dev.spindle.agent.transform.support.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class FrameAnalyzerTest {
  private final ClassNode fixtures = Bytecode.read(AnalysisFixtures.class);

  private FrameSnapshot beforeAwait(String methodName) {
    MethodNode method = Bytecode.method(fixtures, methodName);
    return FrameAnalyzer.analyze(fixtures.name, method)
        .before(Bytecode.awaitCall(method, 0));
  }

  @Test
  void types_locals_and_stack_values_with_two_slot_primitives() {
    FrameSnapshot before = beforeAwait("valuesOnTheStack");
    assertEquals(List.of("java/lang/String", LONG, TOP, DOUBLE, TOP, "[I", NULL),
        before.locals());
    assertEquals(List.of("java/lang/String", LONG, "dev/spindle/Task"), before.stack());
  }

  @Test
  void an_object_under_construction_is_uninitialized_and_names_its_new_instruction() {
    FrameSnapshot before = beforeAwait("uninitialized");
    Object bottom = before.stack().get(0);
    assertTrue(bottom instanceof Uninitialized, "bottom of stack: " + bottom);
    assertEquals(NEW, ((Uninitialized) bottom).newInstruction().getOpcode());
    assertEquals("java/lang/StringBuilder", ((Uninitialized) bottom).newInstruction().desc);
    assertEquals(bottom, before.stack().get(1), "NEW; DUP leaves two copies");
  }

  @Test
  void a_declared_frame_gives_the_merged_type_without_a_class_hierarchy() {
    MethodNode method = Bytecode.method(fixtures, "mergedByAFrame");
    Object declared = null; // javac's merge of String and Integer: Object, or Serializable on 25
    for (var node : method.instructions) {
      if (node instanceof org.objectweb.asm.tree.FrameNode frame && frame.stack.size() == 1) {
        declared = frame.stack.get(0);
        break;
      }
    }
    assertTrue(declared instanceof String type && !type.equals("java/lang/String")
        && !type.equals("java/lang/Integer"), "merged type: " + declared);
    assertEquals(declared, beforeAwait("mergedByAFrame").local(1));
  }

  @Test
  void slots_past_the_end_are_top() {
    assertEquals(TOP, beforeAwait("valuesOnTheStack").local(50));
  }
}
