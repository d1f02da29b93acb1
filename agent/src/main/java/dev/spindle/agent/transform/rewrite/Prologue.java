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
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The state machine's first instructions: a first call (no frame) runs the body from the top; a
 * resumption jumps to the resume block of {@code frame.state}.
 */
final class Prologue {
  private Prologue() {}

  /**
   * Resuming (a frame is passed): the shared restore, then a jump to the resumption of
   * {@code frame.state}. A first call skips both and starts the body, whose first instructions
   * set every saved slot that is not a parameter to a default, so that the shared blocks find
   * each slot typed wherever the method suspends.
   */
  static InsnList dispatch(String owner, MethodNode method, SlotLayout layout, SpillLayout spill,
      List<LabelNode> resumes) {
    InsnList code = new InsnList();
    if (resumes.isEmpty()) {
      return code; // never suspends, so never resumes
    }
    boolean isStatic = (method.access & ACC_STATIC) != 0;
    LabelNode start = new LabelNode();
    LabelNode badState = new LabelNode();
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNULL, start));
    code.add(FrameSpiller.restore(spill, layout.frameSlot(), isStatic));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.get(Names.FRAME_STATE));
    if (resumes.size() == 1) { // a compare is half the size of a one-entry table
      code.add(new InsnNode(ICONST_1));
      code.add(new JumpInsnNode(IF_ICMPEQ, resumes.get(0)));
    } else {
      code.add(new TableSwitchInsnNode(1, resumes.size(), badState,
          resumes.toArray(new LabelNode[0])));
    }
    code.add(badState);
    code.add(FrameNodes.afterRestore(owner, method, spill, layout));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.call(Names.FRAME_UNKNOWN_STATE));
    code.add(new InsnNode(ATHROW));
    code.add(start);
    code.add(FrameNodes.entry(owner, method, layout));
    code.add(FrameSpiller.initialize(spill));
    return code;
  }
}
