package dev.spindle.agent.transform.spill;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Small instruction factories shared by the spiller and the rewriters. */
public final class Instructions {
  private Instructions() {}

  /** The shortest instruction that pushes {@code value}. */
  public static AbstractInsnNode pushInt(int value) {
    if (value >= -1 && value <= 5) {
      return new InsnNode(ICONST_0 + value);
    } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
      return new IntInsnNode(BIPUSH, value);
    } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
      return new IntInsnNode(SIPUSH, value);
    }
    return new LdcInsnNode(value);
  }

  /** A call of the runtime or JDK method {@code method} (see {@link Names}). */
  public static MethodInsnNode call(Names.MethodRef method) {
    int opcode = method.isStatic() ? INVOKESTATIC
        : "<init>".equals(method.name()) ? INVOKESPECIAL : INVOKEVIRTUAL;
    return new MethodInsnNode(opcode, method.owner(), method.name(), method.descriptor(), false);
  }

  /** Whether {@code call} calls {@code method} (owner, name and descriptor). */
  public static boolean calls(MethodInsnNode call, Names.MethodRef method) {
    return call.getOpcode() == (method.isStatic() ? INVOKESTATIC : INVOKEVIRTUAL)
        && method.owner().equals(call.owner) && method.name().equals(call.name)
        && method.descriptor().equals(call.desc);
  }

  /** A read of the field {@code field} (see {@link Names}). */
  public static FieldInsnNode get(Names.FieldRef field) {
    return new FieldInsnNode(field.isStatic() ? GETSTATIC : GETFIELD, field.owner(), field.name(),
        field.descriptor());
  }
}
