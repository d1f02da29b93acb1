package dev.spindle.agent.transform.spill;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.FrameTypes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Decides where each value lives while a method is suspended ({@link #plan}) and emits the code
 * that saves it into the frame's {@code refs}/{@code prims} arrays and restores it. Primitives are
 * widened to {@code long} bits, never boxed; only live values are saved.
 */
public final class FrameSpiller {
  private FrameSpiller() {}

  /**
   * The plan for a suspension whose types (before the await call, in original slots) are
   * {@code before}, with {@code live} original slots live across it.
   */
  public static SpillPlan plan(FrameSnapshot before, BitSet live, boolean isStatic,
      SlotLayout layout) {
    int refs = isStatic ? 0 : 1;
    int prims = 0;
    List<SavedValue> locals = new ArrayList<>();
    List<SavedValue> dead = new ArrayList<>();
    if (!isStatic) {
      locals.add(new SavedValue(before.local(0), 0, 0));
    }
    for (int slot = isStatic ? 0 : 1; slot < before.locals().size(); slot++) {
      Object type = before.local(slot);
      if (Integer.valueOf(TOP).equals(type)) {
        continue;
      }
      checkInitialized(type, "a local variable");
      int target = layout.shifted(slot);
      if (!live.get(slot) || NULL.equals(type)) {
        dead.add(new SavedValue(type, target, -1));
      } else if (FrameTypes.isPrimitive(type)) {
        locals.add(new SavedValue(type, target, prims++));
      } else {
        locals.add(new SavedValue(type, target, refs++));
      }
    }
    List<Object> stackTypes = before.stack();
    List<SavedValue> stack = new ArrayList<>();
    int taskSlot = layout.scratchBase();
    int scratch = taskSlot + 1;
    for (int i = 0; i < stackTypes.size() - 1; i++) {
      Object type = stackTypes.get(i);
      checkInitialized(type, "the operand stack");
      if (NULL.equals(type)) {
        stack.add(new SavedValue(type, scratch, -1));
      } else if (FrameTypes.isPrimitive(type)) {
        stack.add(new SavedValue(type, scratch, prims++));
      } else {
        stack.add(new SavedValue(type, scratch, refs++));
      }
      scratch += FrameTypes.isWide(type) ? 2 : 1;
    }
    return new SpillPlan(locals, dead, stack, taskSlot, refs, prims);
  }

  private static void checkInitialized(Object type, String where) {
    if (!FrameTypes.isPrimitive(type) && !FrameTypes.isReference(type)) {
      throw new TransformException("an object whose constructor has not run yet is on "
          + where + " across an await (" + type + ")");
    }
  }

  /**
   * Saves everything: expects {@code [stack..., task]} on the operand stack and leaves it empty,
   * the task in {@link SpillPlan#taskSlot()}. Clears the {@code refs} entries this point does not
   * use, up to {@code refCount} (the frame's size), so that a value saved at an earlier
   * suspension is not kept alive by the frame once it is dead.
   */
  public static InsnList save(SpillPlan plan, int frameSlot, int refCount) {
    InsnList code = new InsnList();
    code.add(new VarInsnNode(ASTORE, plan.taskSlot()));
    List<SavedValue> stack = plan.stack();
    for (int i = stack.size() - 1; i >= 0; i--) {
      code.add(new VarInsnNode(storeOpcode(stack.get(i).type()), stack.get(i).slot()));
    }
    for (SavedValue value : plan.locals()) {
      saveOne(code, value, frameSlot);
    }
    for (SavedValue value : stack) {
      saveOne(code, value, frameSlot);
    }
    for (int index = plan.refCount(); index < refCount; index++) {
      code.add(new VarInsnNode(ALOAD, frameSlot));
      code.add(Instructions.get(Names.FRAME_REFS));
      code.add(Instructions.pushInt(index));
      code.add(new InsnNode(ACONST_NULL));
      code.add(new InsnNode(AASTORE));
    }
    return code;
  }

  /**
   * Restores the locals (live ones from the frame, dead ones as defaults; not {@code this}) and
   * pushes the operand-stack values under the awaited task.
   */
  public static InsnList restore(SpillPlan plan, int frameSlot, boolean isStatic) {
    InsnList code = new InsnList();
    for (SavedValue value : plan.locals()) {
      if (!isStatic && value.slot() == 0) {
        continue; // the resume bridge passes the receiver from refs[0]
      }
      load(code, value, frameSlot);
      code.add(new VarInsnNode(storeOpcode(value.type()), value.slot()));
    }
    for (SavedValue value : plan.deadLocals()) {
      code.add(new InsnNode(defaultOpcode(value.type())));
      code.add(new VarInsnNode(storeOpcode(value.type()), value.slot()));
    }
    for (SavedValue value : plan.stack()) {
      load(code, value, frameSlot);
    }
    return code;
  }

  private static void saveOne(InsnList code, SavedValue value, int frameSlot) {
    if (value.isNullType()) {
      return;
    }
    code.add(new VarInsnNode(ALOAD, frameSlot));
    if (value.isPrimitive()) {
      code.add(Instructions.get(Names.FRAME_PRIMS));
      code.add(Instructions.pushInt(value.index()));
      code.add(new VarInsnNode(loadOpcode(value.type()), value.slot()));
      widen(code, value.type());
      code.add(new InsnNode(LASTORE));
    } else {
      code.add(Instructions.get(Names.FRAME_REFS));
      code.add(Instructions.pushInt(value.index()));
      code.add(new VarInsnNode(ALOAD, value.slot()));
      code.add(new InsnNode(AASTORE));
    }
  }

  private static void load(InsnList code, SavedValue value, int frameSlot) {
    if (value.isNullType()) {
      code.add(new InsnNode(ACONST_NULL));
      return;
    }
    code.add(new VarInsnNode(ALOAD, frameSlot));
    if (value.isPrimitive()) {
      code.add(Instructions.get(Names.FRAME_PRIMS));
      code.add(Instructions.pushInt(value.index()));
      code.add(new InsnNode(LALOAD));
      narrow(code, value.type());
    } else {
      code.add(Instructions.get(Names.FRAME_REFS));
      code.add(Instructions.pushInt(value.index()));
      code.add(new InsnNode(AALOAD));
      if (!"java/lang/Object".equals(value.type())) {
        code.add(new TypeInsnNode(CHECKCAST, (String) value.type()));
      }
    }
  }

  private static void widen(InsnList code, Object type) {
    if (Integer.valueOf(INTEGER).equals(type)) {
      code.add(new InsnNode(I2L));
    } else if (Integer.valueOf(FLOAT).equals(type)) {
      code.add(Instructions.call(Names.FLOAT_TO_BITS));
      code.add(new InsnNode(I2L));
    } else if (Integer.valueOf(DOUBLE).equals(type)) {
      code.add(Instructions.call(Names.DOUBLE_TO_BITS));
    }
  }

  private static void narrow(InsnList code, Object type) {
    if (Integer.valueOf(INTEGER).equals(type)) {
      code.add(new InsnNode(L2I));
    } else if (Integer.valueOf(FLOAT).equals(type)) {
      code.add(new InsnNode(L2I));
      code.add(Instructions.call(Names.FLOAT_FROM_BITS));
    } else if (Integer.valueOf(DOUBLE).equals(type)) {
      code.add(Instructions.call(Names.DOUBLE_FROM_BITS));
    }
  }

  static int storeOpcode(Object type) {
    return ISTORE + offset(type);
  }

  static int loadOpcode(Object type) {
    return ILOAD + offset(type);
  }

  private static int offset(Object type) {
    if (Integer.valueOf(INTEGER).equals(type)) {
      return 0;
    } else if (Integer.valueOf(LONG).equals(type)) {
      return 1;
    } else if (Integer.valueOf(FLOAT).equals(type)) {
      return 2;
    } else if (Integer.valueOf(DOUBLE).equals(type)) {
      return 3;
    }
    return 4;
  }

  private static int defaultOpcode(Object type) {
    if (Integer.valueOf(INTEGER).equals(type)) {
      return ICONST_0;
    } else if (Integer.valueOf(LONG).equals(type)) {
      return LCONST_0;
    } else if (Integer.valueOf(FLOAT).equals(type)) {
      return FCONST_0;
    } else if (Integer.valueOf(DOUBLE).equals(type)) {
      return DCONST_0;
    }
    return ACONST_NULL;
  }
}
