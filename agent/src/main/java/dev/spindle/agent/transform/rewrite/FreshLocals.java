package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.analysis.FrameTypes;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * New local slots past the method's own, for values the constructor pre-pass sets aside for a
 * few instructions (never across an await, so no frame and no save needs to know them).
 */
final class FreshLocals {
  private final MethodNode method;

  FreshLocals(MethodNode method) {
    this.method = method;
  }

  /** A new slot for a value of verifier type {@code type}. */
  int take(Object type) {
    int slot = method.maxLocals;
    method.maxLocals += FrameTypes.isWide(type) ? 2 : 1;
    return slot;
  }

  static VarInsnNode store(Object type, int slot) {
    return new VarInsnNode(opcode(type, ISTORE), slot);
  }

  static VarInsnNode load(Object type, int slot) {
    return new VarInsnNode(opcode(type, ILOAD), slot);
  }

  /** {@code ISTORE}/{@code ILOAD} turned into the form for {@code type}. */
  private static int opcode(Object type, int intForm) {
    int offset;
    if (Integer.valueOf(INTEGER).equals(type)) {
      offset = 0;
    } else if (Integer.valueOf(LONG).equals(type)) {
      offset = 1;
    } else if (Integer.valueOf(FLOAT).equals(type)) {
      offset = 2;
    } else if (Integer.valueOf(DOUBLE).equals(type)) {
      offset = 3;
    } else { // a reference, null, or another object under construction
      offset = 4;
    }
    return intForm + offset;
  }
}
