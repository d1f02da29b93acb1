package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.FrameSpiller;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillLayout;
import java.util.List;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The state machine's first instructions: a first call (no frame) runs the body from the top; a
 * resumption jumps to the resume block of {@code frame.state}.
 */
final class Prologue {
  private Prologue() {}

  /** Above this many awaits a table dispatches; below, compares are smaller. */
  private static final int MOST_COMPARED = 3;

  /**
   * Resuming (a frame is passed): the shared restore, the awaited task from the frame, then a
   * jump, with that task on the stack, to {@code targets.get(state - 1)}: the await's own place
   * when the shared restore gives it all it needs, else its resumption block. A first call skips
   * all this and starts the body, whose first instructions set every saved slot that is not a
   * parameter to a default, so that the shared blocks find each slot typed wherever the method
   * suspends.
   */
  static InsnList dispatch(String owner, MethodNode method, SlotLayout layout, SpillLayout spill,
      List<LabelNode> targets) {
    InsnList code = new InsnList();
    if (targets.isEmpty()) {
      return code; // never suspends, so never resumes
    }
    boolean isStatic = (method.access & ACC_STATIC) != 0;
    LabelNode start = new LabelNode();
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNULL, start));
    code.add(FrameSpiller.restore(spill, layout.frameSlot(), isStatic));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.call(Names.FRAME_AWAITED));
    if (targets.size() <= MOST_COMPARED) {
      // The states the method sets are 1..n, and its frame and resumer are private to it: the
      // last target needs no compare.
      for (int k = 1; k < targets.size(); k++) {
        code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
        code.add(Instructions.get(Names.FRAME_STATE));
        code.add(Instructions.pushInt(k));
        code.add(new JumpInsnNode(IF_ICMPEQ, targets.get(k - 1)));
      }
      code.add(new JumpInsnNode(GOTO, targets.get(targets.size() - 1)));
    } else {
      LabelNode badState = new LabelNode();
      code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
      code.add(Instructions.get(Names.FRAME_STATE));
      code.add(new TableSwitchInsnNode(1, targets.size(), badState,
          targets.toArray(new LabelNode[0])));
      code.add(badState);
      code.add(FrameNodes.afterRestore(owner, method, spill, layout, Names.TASK));
      code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
      code.add(Instructions.call(Names.FRAME_UNKNOWN_STATE));
      code.add(new InsnNode(ATHROW));
    }
    code.add(start);
    code.add(FrameNodes.entry(owner, method, layout));
    code.add(FrameSpiller.initialize(spill));
    return code;
  }
}
