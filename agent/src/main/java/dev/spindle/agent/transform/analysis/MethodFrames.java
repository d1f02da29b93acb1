package dev.spindle.agent.transform.analysis;

import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;

/** The {@link FrameSnapshot} before each reachable instruction of one method. */
public final class MethodFrames {
  private final Map<AbstractInsnNode, FrameSnapshot> before;

  MethodFrames(Map<AbstractInsnNode, FrameSnapshot> before) {
    this.before = before;
  }

  /** The types before {@code instruction}, or {@code null} if it is unreachable. */
  public FrameSnapshot before(AbstractInsnNode instruction) {
    return before.get(instruction);
  }
}
