package dev.spindle.agent.transform.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.StackShuffles;
import dev.spindle.agent.transform.analysis.Uninitialized;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Every DUP, SWAP and POP form over every stack of up to five values (one-word, two-word, and
 * copies of an object under construction) that it can act on (a form touches at most four): the
 * replacement, at most one instruction, run on the stack without those copies, leaves exactly
 * what the original left, less the copies.
 */
class ShuffleRewriteTest {
  private static final Uninitialized CREATED = new Uninitialized(new TypeInsnNode(NEW, "C"));
  private static final Object[] KINDS = {INTEGER, LONG, CREATED};
  private static final int[] SHUFFLES = {POP, POP2, DUP, DUP_X1, DUP_X2, DUP2, DUP2_X1, DUP2_X2,
      SWAP};

  @Test
  void every_shuffle_of_every_stack_moves_the_other_values_as_the_original_did() {
    int checked = 0;
    for (int size = 1; size <= 5; size++) {
      for (int combination = 0; combination < Math.pow(KINDS.length, size); combination++) {
        List<Object> types = new ArrayList<>();
        for (int i = 0, rest = combination; i < size; i++, rest /= KINDS.length) {
          types.add(KINDS[rest % KINDS.length]);
        }
        for (int opcode : SHUFFLES) {
          checked += check(opcode, types) ? 1 : 0;
        }
      }
    }
    assertTrue(checked > 200, "cases where a copy of the object is moved: " + checked);
  }

  /** Whether {@code opcode} on {@code types} moves a copy of the object (and so was checked). */
  private static boolean check(int opcode, List<Object> types) {
    List<Integer> original = tokens(types.size());
    int popped;
    try {
      popped = StackShuffles.apply(opcode, original, token -> FrameTypes.isWide(types.get(token)));
    } catch (TransformException notApplicable) {
      return false;
    }
    List<Object> consumed = types.subList(types.size() - popped, types.size());
    if (!consumed.contains(CREATED)) {
      return false;
    }
    InsnList code = ShuffleRewrite.without(opcode, new ArrayList<>(consumed), CREATED);
    List<Integer> stack = withoutCopies(tokens(types.size()), types);
    assertTrue(code.size() <= 1, "at most one instruction");
    for (AbstractInsnNode node : code) {
      StackShuffles.apply(node.getOpcode(), stack, token -> FrameTypes.isWide(types.get(token)));
    }
    assertEquals(withoutCopies(original, types), stack, () -> opcode + " on " + types);
    return true;
  }

  private static List<Integer> tokens(int count) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(i);
    }
    return tokens;
  }

  private static List<Integer> withoutCopies(List<Integer> tokens, List<Object> types) {
    List<Integer> kept = new ArrayList<>(tokens);
    kept.removeIf(token -> types.get(token) == CREATED);
    return kept;
  }
}
