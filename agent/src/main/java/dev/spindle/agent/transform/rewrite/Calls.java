package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;

/** Instructions that call the runtime entry points listed in {@link Names}. */
final class Calls {
  private Calls() {}

  static MethodInsnNode of(Names.MethodRef method) {
    int opcode = method.isStatic() ? INVOKESTATIC
        : "<init>".equals(method.name()) ? INVOKESPECIAL : INVOKEVIRTUAL;
    return new MethodInsnNode(opcode, method.owner(),
        method.name(), method.descriptor(), false);
  }

  static FieldInsnNode get(Names.FieldRef field) {
    return new FieldInsnNode(field.isStatic() ? GETSTATIC : GETFIELD, field.owner(), field.name(),
        field.descriptor());
  }
}
