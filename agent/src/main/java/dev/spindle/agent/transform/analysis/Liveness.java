package dev.spindle.agent.transform.analysis;

import java.util.BitSet;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;

/** The live local slots before each instruction of one method (see {@link LivenessAnalyzer}). */
public final class Liveness {
  private final InsnList instructions;
  private final BitSet[] liveBefore;

  Liveness(InsnList instructions, BitSet[] liveBefore) {
    this.instructions = instructions;
    this.liveBefore = liveBefore;
  }

  /** Whether {@code slot} is live before {@code instruction}. */
  public boolean isLive(AbstractInsnNode instruction, int slot) {
    return liveBefore[instructions.indexOf(instruction)].get(slot);
  }

  /** A copy of the live slots before {@code instruction}. */
  public BitSet liveBefore(AbstractInsnNode instruction) {
    return (BitSet) liveBefore[instructions.indexOf(instruction)].clone();
  }
}
