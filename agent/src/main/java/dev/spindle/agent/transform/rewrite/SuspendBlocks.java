package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.FrameSpiller;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.spill.SitePlan;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillLayout;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The out-of-line blocks of a state machine, placed after the body and outside the user's try
 * ranges: suspension and resumption of each await, the shared return exit, and the catch-all.
 */
final class SuspendBlocks {
  private SuspendBlocks() {}

  /**
   * Suspension {@code k}, out of line: operand stack {@code [values..., task]}. Moves the values
   * under the task to their slots and joins the shared save with {@code [task, k]} (with
   * {@code [task]} when the method has one await: the save block then knows k): a few bytes per
   * await, whatever it has to save.
   */
  static InsnList suspend(int k, int line, LabelNode start, FrameNode frameAtStart,
      SitePlan site, SpillLayout spill, LabelNode save, boolean onlyAwait) {
    InsnList code = new InsnList();
    code.add(start);
    code.add(frameAtStart);
    addLine(code, line, start);
    code.add(FrameSpiller.saveStack(site, spill.taskSlot()));
    if (!onlyAwait) {
      code.add(Instructions.pushInt(k));
    }
    code.add(new JumpInsnNode(GOTO, save));
    return code;
  }

  /**
   * The shared save, operand stack {@code [task, k]}: creates the frame at the call's first
   * suspension, saves every saved slot, clears the references dead at await k, and returns the
   * frame as the call's task.
   */
  static InsnList save(LabelNode start, SpillLayout spill, SlotLayout layout, ResumeLink link,
      boolean onlyAwait, int line) {
    InsnList code = new InsnList();
    code.add(start);
    if (onlyAwait) { // the one await jumps here with [task]; its state is 1
      code.add(FrameNodes.atSave(spill, layout, Names.TASK));
      addLine(code, line, start);
      code.add(new InsnNode(ICONST_1));
    }
    code.add(FrameNodes.atSave(spill, layout, Names.TASK, INTEGER));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(link.instruction());
    code.add(Instructions.pushInt(spill.refs().size()));
    code.add(Instructions.pushInt(spill.prims().size()));
    code.add(Instructions.call(Names.FRAME_OF));
    code.add(new VarInsnNode(ASTORE, layout.frameSlot()));
    code.add(FrameSpiller.save(spill, layout.frameSlot()));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot())); // [task, k, frame]
    if (spill.deadRefs() == null) {
      code.add(Instructions.call(Names.FRAME_SUSPEND));
    } else {
      code.add(new LdcInsnNode(spill.deadRefs()));
      code.add(Instructions.pushInt(spill.chars()));
      code.add(Instructions.call(Names.FRAME_SUSPEND_CLEARING));
    }
    code.add(new InsnNode(ARETURN));
    return code;
  }

  /**
   * Resumption {@code k}, for an await that needs more than the shared restore: operand stack
   * {@code [task]} (the awaited task, finished). Narrows what await k needs narrower, pushes its
   * operand-stack values back under the task and re-joins the await.
   */
  static InsnList resume(int line, LabelNode start, FrameNode frameAfterRestore, SitePlan site,
      SpillLayout spill, LabelNode join) {
    InsnList code = new InsnList();
    code.add(start);
    code.add(frameAfterRestore);
    addLine(code, line, start);
    code.add(new VarInsnNode(ASTORE, spill.taskSlot()));
    code.add(FrameSpiller.restoreSite(site, spill));
    code.add(new VarInsnNode(ALOAD, spill.taskSlot()));
    code.add(new JumpInsnNode(GOTO, join));
    return code;
  }

  /**
   * The one exit every {@code areturn} jumps to, with the returned task on the stack:
   * {@code AsyncFrame.exit(task, frame)} returns it as is if the call never suspended
   * ({@code null} becomes a failed task), else completes the frame with it.
   */
  static InsnList exit(LabelNode start, SlotLayout layout) {
    InsnList code = new InsnList();
    code.add(start);
    code.add(FrameNodes.frameOnly(layout, Names.TASK));
    code.add(exitInPlace(layout));
    return code;
  }

  /** The exit's instructions, for a return that can take them where it stands. */
  static InsnList exitInPlace(SlotLayout layout) {
    InsnList code = new InsnList();
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.call(Names.FRAME_EXIT));
    code.add(new InsnNode(ARETURN));
    return code;
  }

  /** The catch-all handler: a throwable escaping the body fails the call's task. */
  static InsnList failure(LabelNode start, SlotLayout layout) {
    InsnList code = new InsnList();
    code.add(start);
    code.add(FrameNodes.frameOnly(layout, Names.THROWABLE));
    code.add(new VarInsnNode(ALOAD, layout.frameSlot()));
    code.add(Instructions.call(Names.FRAME_FAILURE));
    code.add(new InsnNode(ARETURN));
    return code;
  }

  private static void addLine(InsnList code, int line, LabelNode start) {
    if (line > 0) {
      code.add(new LineNumberNode(line, start));
    }
  }
}
