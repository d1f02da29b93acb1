package dev.spindle.agent.transform.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Code whose operand stack does not hold what an instruction needs (a class that would not
 * verify, or whose frames do not match its code) is a {@link TransformException} naming the
 * instruction and the stack, never an index error from inside the analysis.
 */
class MalformedStackTest {
  private static String failure(int... opcodes) {
    MethodNode method = new MethodNode(ACC_STATIC, "m", "()V", null, null);
    for (int opcode : opcodes) {
      method.instructions.add(new InsnNode(opcode));
    }
    return assertThrows(TransformException.class, () -> FrameAnalyzer.analyze("Owner", method))
        .getMessage();
  }

  @Test
  void a_pop_from_an_empty_stack() {
    assertEquals("at instruction #0 (POP) pops a value from an empty operand stack (operand"
        + " stack before it, bottom first: []): the code does not match its stack map frames,"
        + " so the class would not verify", failure(POP, RETURN));
  }

  @Test
  void an_add_with_one_operand() {
    assertEquals("at instruction #1 (IADD) pops a value from an empty operand stack (operand"
        + " stack before it, bottom first: [int]): the code does not match its stack map frames,"
        + " so the class would not verify", failure(ICONST_0, IADD, RETURN));
  }

  @Test
  void a_dup_of_a_long() {
    assertEquals("at instruction #1 (DUP) needs a one-word value but finds a long or double"
        + " (operand stack before it, bottom first: [long]): the code does not match its stack map"
        + " frames, so the class would not verify", failure(LCONST_0, DUP, RETURN));
  }

  @Test
  void a_two_word_form_that_would_split_a_long() {
    assertEquals("at instruction #2 (DUP2) would split a long or double in two (operand stack"
        + " before it, bottom first: [long, int]): the code does not match its stack map frames, so"
        + " the class would not verify", failure(LCONST_0, ICONST_0, DUP2, RETURN));
  }

  @Test
  void a_shuffle_past_the_bottom_of_the_stack() {
    assertEquals("at instruction #1 (DUP_X1) pops a value from an empty operand stack (operand"
        + " stack before it, bottom first: [int]): the code does not match its stack map frames,"
        + " so the class would not verify", failure(ICONST_0, DUP_X1, RETURN));
  }
}
