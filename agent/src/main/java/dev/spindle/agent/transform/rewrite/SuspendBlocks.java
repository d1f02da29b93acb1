package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.FrameSpiller;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillPlan;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The out-of-line blocks of a state machine, placed after the body and outside the user's try
 * ranges: suspension and resumption of each await, the shared return exit, and the catch-all.
 */
final class SuspendBlocks {
  private SuspendBlocks() {}

  /**
   * Suspension {@code k}: operand stack {@code [values..., task]}. Creates the frame if this is
   * the call's first suspension, saves the live values, and returns the frame.
   */
  static InsnList suspend(int k, int line, LabelNode start, FrameNode frameAtStart, SpillPlan plan,
      SlotLayout layout, ResumeLink link, int refCount, int primCount) {
    InsnList code = new InsnList();
    LabelNode haveFrame = new LabelNode();
    code.add(start);
    code.add(frameAtStart);
    addLine(code, line, start);
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNONNULL, haveFrame));
    code.add(link.instruction());
    code.add(Instructions.pushInt(refCount));
    code.add(Instructions.pushInt(primCount));
    code.add(Instructions.call(Names.FRAME_CREATE));
    code.add(new VarInsnNode(ASTORE, layout.frameSlot()));
    code.add(haveFrame);
    code.add(copy(frameAtStart));
    code.add(FrameSpiller.save(plan, layout.frameSlot(), refCount));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.pushInt(k));
    code.add(new VarInsnNode(ALOAD, plan.taskSlot()));
    code.add(Instructions.call(Names.FRAME_SUSPEND));
    code.add(new InsnNode(ARETURN));
    return code;
  }

  /** Resumption: restores the locals and the operand stack, then re-joins the await. */
  static InsnList resume(int line, LabelNode start, FrameNode entryFrame, SpillPlan plan,
      SlotLayout layout, boolean isStatic, LabelNode join) {
    InsnList code = new InsnList();
    code.add(start);
    code.add(entryFrame);
    addLine(code, line, start);
    code.add(FrameSpiller.restore(plan, layout.frameSlot(), isStatic));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.call(Names.FRAME_AWAITED));
    code.add(new JumpInsnNode(GOTO, join));
    return code;
  }

  /**
   * The one exit every {@code areturn} jumps to, with the returned task on the stack: as is if
   * the call never suspended ({@code null} becomes a failed task), else completes the frame.
   */
  static InsnList exit(LabelNode start, SlotLayout layout) {
    InsnList code = new InsnList();
    LabelNode plain = new LabelNode();
    LabelNode nonNull = new LabelNode();
    code.add(start);
    code.add(FrameNodes.frameOnly(layout, Names.TASK));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNULL, plain));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new InsnNode(SWAP));
    code.add(Instructions.call(Names.FRAME_COMPLETE));
    code.add(new InsnNode(ARETURN));
    code.add(plain);
    code.add(FrameNodes.frameOnly(layout, Names.TASK));
    code.add(new InsnNode(DUP));
    code.add(new JumpInsnNode(IFNONNULL, nonNull));
    code.add(new InsnNode(POP));
    code.add(Instructions.call(Names.FRAME_NULL_RETURNED));
    code.add(nonNull);
    code.add(FrameNodes.frameOnly(layout, Names.TASK));
    code.add(new InsnNode(ARETURN));
    return code;
  }

  /** The catch-all handler: a throwable escaping the body fails the call's task. */
  static InsnList failure(LabelNode start, SlotLayout layout) {
    InsnList code = new InsnList();
    LabelNode noFrame = new LabelNode();
    code.add(start);
    code.add(FrameNodes.frameOnly(layout, Names.THROWABLE));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new JumpInsnNode(IFNULL, noFrame));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(new InsnNode(SWAP));
    code.add(Instructions.call(Names.FRAME_FAIL));
    code.add(new InsnNode(ARETURN));
    code.add(noFrame);
    code.add(FrameNodes.frameOnly(layout, Names.THROWABLE));
    code.add(Instructions.call(Names.TASK_FAILED));
    code.add(new InsnNode(ARETURN));
    return code;
  }

  private static void addLine(InsnList code, int line, LabelNode start) {
    if (line > 0) {
      code.add(new LineNumberNode(line, start));
    }
  }

  private static FrameNode copy(FrameNode frame) {
    return new FrameNode(F_NEW, frame.local.size(), frame.local.toArray(), frame.stack.size(),
        frame.stack.toArray());
  }
}
