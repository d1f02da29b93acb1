package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.spill.SlotLayout;
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

  static InsnList dispatch(String owner, MethodNode method, SlotLayout layout,
      List<LabelNode> resumes) {
    InsnList code = new InsnList();
    if (resumes.isEmpty()) {
      return code; // never suspends, so never resumes
    }
    LabelNode start = new LabelNode();
    LabelNode badState = new LabelNode();
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNULL, start));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.get(Names.FRAME_STATE));
    code.add(new TableSwitchInsnNode(1, resumes.size(), badState,
        resumes.toArray(new LabelNode[0])));
    code.add(badState);
    code.add(FrameNodes.entry(owner, method, layout));
    code.add(new TypeInsnNode(NEW, Names.ILLEGAL_STATE));
    code.add(new InsnNode(DUP));
    code.add(new LdcInsnNode("a Spindle frame of " + owner.replace('/', '.') + "." + method.name
        + " was resumed in a state it never set; the frame was used by another method"));
    code.add(Instructions.call(Names.ILLEGAL_STATE_INIT));
    code.add(new InsnNode(ATHROW));
    code.add(start);
    code.add(FrameNodes.entry(owner, method, layout));
    return code;
  }
}
