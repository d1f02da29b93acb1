package dev.spindle.agent.transform.spill;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.analysis.FrameTypes;
import java.util.List;
import java.util.function.BiConsumer;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Emits the code that moves values between a suspended method's locals and its frame's
 * {@code refs}/{@code prims} arrays, as its {@link SpillLayout} and {@link SitePlan}s say.
 * Primitives are widened to {@code long} bits, never boxed. The shared blocks load each array once
 * and keep it on the operand stack ({@code dup} per value), so a saved value costs about five
 * bytes once per method, not once per await.
 */
public final class FrameSpiller {
  private FrameSpiller() {}

  /** The shared save: every saved slot into the frame (in {@code frameSlot}, not null). */
  public static InsnList save(SpillLayout layout, int frameSlot) {
    InsnList code = new InsnList();
    overArray(code, frameSlot, Names.FRAME_REFS, layout.refs(), (each, value) -> {
      each.add(new VarInsnNode(ALOAD, value.slot()));
      each.add(new InsnNode(AASTORE));
    });
    overArray(code, frameSlot, Names.FRAME_PRIMS, layout.prims(), (each, value) -> {
      each.add(new VarInsnNode(loadOpcode(value.type()), value.slot()));
      widen(each, value.type());
      each.add(new InsnNode(LASTORE));
    });
    return code;
  }

  /**
   * The shared restore: every saved slot from the frame, cast to its shared type ({@code this}
   * comes from the resume bridge), and a default into each slot that is only reset.
   */
  public static InsnList restore(SpillLayout layout, int frameSlot, boolean isStatic) {
    InsnList code = new InsnList();
    List<SavedSlot> refs = layout.refs();
    overArray(code, frameSlot, Names.FRAME_REFS, refs.subList(Math.min(isStatic ? 0 : 1,
        refs.size()), refs.size()), (each, value) -> {
          each.add(new InsnNode(AALOAD));
          cast(each, value.type());
          each.add(new VarInsnNode(ASTORE, value.slot()));
        });
    overArray(code, frameSlot, Names.FRAME_PRIMS, layout.prims(), (each, value) -> {
      each.add(new InsnNode(LALOAD));
      narrow(each, value.type());
      each.add(new VarInsnNode(storeOpcode(value.type()), value.slot()));
    });
    for (SavedSlot value : layout.resets()) {
      setDefault(code, value);
    }
    return code;
  }

  /**
   * The frame's {@code array} loaded once and kept on the stack: for each value,
   * {@code dup; push index} then {@code move}'s instructions, which consume both; {@code pop}
   * at the end. Nothing for no values.
   */
  private static void overArray(InsnList code, int frameSlot, Names.FieldRef array,
      List<SavedSlot> values, BiConsumer<InsnList, SavedSlot> move) {
    if (values.isEmpty()) {
      return;
    }
    code.add(new VarInsnNode(ALOAD, frameSlot));
    code.add(Instructions.get(array));
    for (SavedSlot value : values) {
      code.add(new InsnNode(DUP));
      code.add(Instructions.pushInt(value.index()));
      move.accept(code, value);
    }
    code.add(new InsnNode(POP));
  }

  /** At the body's start: a default in every saved slot that is not a parameter. */
  public static InsnList initialize(SpillLayout layout) {
    InsnList code = new InsnList();
    for (SavedSlot value : layout.initialized()) {
      setDefault(code, value);
    }
    return code;
  }

  /**
   * At await {@code site}, with {@code [stack..., task]} on the operand stack: the values under
   * the task go to their slots, the task stays.
   */
  public static InsnList saveStack(SitePlan site, int taskSlot) {
    InsnList code = new InsnList();
    if (site.stack().isEmpty()) {
      return code;
    }
    code.add(new VarInsnNode(ASTORE, taskSlot));
    for (int i = site.stack().size() - 1; i >= 0; i--) {
      StackValue value = site.stack().get(i);
      if (value.slot() < 0) { // made again on resumption
        code.add(new InsnNode(FrameTypes.isWide(value.type()) ? POP2 : POP));
      } else {
        code.add(new VarInsnNode(storeOpcode(value.type()), value.slot()));
      }
    }
    code.add(new VarInsnNode(ALOAD, taskSlot));
    return code;
  }

  /**
   * After the shared restore, for await {@code site}: narrows the slots whose shared type is
   * wider than their type here, and pushes the operand-stack values back.
   */
  public static InsnList restoreSite(SitePlan site, SpillLayout layout) {
    InsnList code = new InsnList();
    for (SitePlan.Fixup fixup : site.fixups()) {
      if (fixup.cast()) {
        code.add(new VarInsnNode(ALOAD, fixup.slot()));
        cast(code, fixup.type());
      } else {
        code.add(new InsnNode(ACONST_NULL));
      }
      code.add(new VarInsnNode(ASTORE, fixup.slot()));
    }
    for (StackValue value : site.stack()) {
      if (value.remake() == null && value.slot() < 0) {
        code.add(new InsnNode(ACONST_NULL));
        continue;
      }
      boolean fromSlot = value.remake() == null || value.remake() instanceof VarInsnNode;
      int slot = value.remake() instanceof VarInsnNode load ? load.var : value.slot();
      code.add(value.remake() != null ? value.remake().clone(null)
          : new VarInsnNode(loadOpcode(value.type()), slot));
      if (fromSlot && !FrameTypes.isPrimitive(value.type())
          && !value.type().equals(layout.uniform().get(slot))) {
        cast(code, value.type());
      }
    }
    return code;
  }

  private static void setDefault(InsnList code, SavedSlot value) {
    code.add(new InsnNode(defaultOpcode(value.type())));
    code.add(new VarInsnNode(storeOpcode(value.type()), value.slot()));
  }

  private static void cast(InsnList code, Object type) {
    if (type instanceof String name && !"java/lang/Object".equals(name)) {
      code.add(new TypeInsnNode(CHECKCAST, name));
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
