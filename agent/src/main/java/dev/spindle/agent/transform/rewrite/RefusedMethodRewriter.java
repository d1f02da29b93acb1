package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import java.util.ArrayList;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Replaces the body of a refused {@code @Async} method by {@code throw new
 * IllegalStateException(message)}: the class still loads and its other methods still work, and a
 * caller of this one learns why it was refused instead of getting wrong behaviour.
 */
public final class RefusedMethodRewriter {
  private RefusedMethodRewriter() {}

  /** Rewrites {@code method} in place; methods without a body are left alone. */
  public static void throwInstead(MethodNode method, String message, int line) {
    if ((method.access & (ACC_ABSTRACT | ACC_NATIVE)) != 0) {
      return;
    }
    InsnList code = new InsnList();
    LabelNode start = new LabelNode();
    code.add(start);
    if (line > 0) {
      code.add(new LineNumberNode(line, start));
    }
    code.add(new TypeInsnNode(NEW, Names.ILLEGAL_STATE));
    code.add(new InsnNode(DUP));
    code.add(new LdcInsnNode(message));
    code.add(Instructions.call(Names.ILLEGAL_STATE_INIT));
    code.add(new InsnNode(ATHROW));
    method.instructions = code;
    method.tryCatchBlocks = new ArrayList<>();
    method.localVariables = null;
    method.visibleLocalVariableAnnotations = null;
    method.invisibleLocalVariableAnnotations = null;
    method.maxStack = 3;
  }
}
