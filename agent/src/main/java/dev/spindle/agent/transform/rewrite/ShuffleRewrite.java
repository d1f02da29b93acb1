package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.StackShuffles;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.util.Printer;

/**
 * A DUP, SWAP or POP form that moves copies of an object under construction, turned into the
 * code that does the same to the other values once those copies are gone from the stack: nothing
 * when the others stay where they were (javac's {@code DUP} after {@code NEW}), else the one
 * shuffle that does it (there always is one: {@code ShuffleRewriteTest} tries them all).
 */
final class ShuffleRewrite {
  private static final int[] CANDIDATES = {POP, POP2, DUP, DUP_X1, DUP_X2, DUP2, DUP2_X1,
      DUP2_X2, SWAP};

  private ShuffleRewrite() {}

  /**
   * @param opcode the shuffle
   * @param consumed the types of the values it pops, bottom first
   * @param erased the type whose copies are no longer on the stack
   */
  static InsnList without(int opcode, List<Object> consumed, Object erased) {
    List<Integer> output = tokens(consumed.size());
    StackShuffles.apply(opcode, output, index -> FrameTypes.isWide(consumed.get(index)));
    List<Integer> before = kept(tokens(consumed.size()), consumed, erased);
    List<Integer> after = kept(output, consumed, erased);
    InsnList code = new InsnList();
    if (before.equals(after)) {
      return code;
    }
    for (int candidate : CANDIDATES) {
      if (does(candidate, before, after, consumed)) {
        code.add(new InsnNode(candidate));
        return code;
      }
    }
    // never reached: ShuffleRewriteTest tries every form on every stack it can act on
    throw new TransformException(Printer.OPCODES[opcode] + " moves a copy of an object under"
        + " construction in a way no single stack instruction can replay without it");
  }

  private static boolean does(int candidate, List<Integer> before, List<Integer> after,
      List<Object> types) {
    List<Integer> stack = new ArrayList<>(before);
    try {
      StackShuffles.apply(candidate, stack, index -> FrameTypes.isWide(types.get(index)));
    } catch (TransformException tooFew) {
      return false;
    }
    return stack.equals(after);
  }

  private static List<Integer> tokens(int count) {
    List<Integer> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(i);
    }
    return tokens;
  }

  private static List<Integer> kept(List<Integer> tokens, List<Object> types, Object erased) {
    List<Integer> kept = new ArrayList<>();
    for (int token : tokens) {
      if (!erased.equals(types.get(token))) {
        kept.add(token);
      }
    }
    return kept;
  }
}
