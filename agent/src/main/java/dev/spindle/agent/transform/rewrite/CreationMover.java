package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.analysis.StackShuffles;
import dev.spindle.agent.transform.analysis.Uninitialized;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.util.Printer;

/**
 * Moves the creation of one object under construction to its constructor call, wherever its
 * copies went in between. Every copy is taken out: the {@code NEW} and each {@code ALOAD} of it
 * push nothing, a shuffle moves only the other values ({@link ShuffleRewrite}), a store writes
 * {@code null} instead, and the stack map frames lose it likewise (a local that held it holds
 * null). Each constructor call then creates the object and puts back every copy the original held
 * there ({@link ConstructorRebuild}). Any other use of the object before its constructor runs
 * (a comparison, a monitor) is refused.
 */
final class CreationMover {
  private CreationMover() {}

  static void move(MethodNode method, TypeInsnNode creation, MethodFrames frames) {
    Uninitialized created = new Uninitialized(creation);
    FreshLocals fresh = new FreshLocals(method);
    Map<AbstractInsnNode, InsnList> replacements = new IdentityHashMap<>();
    replacements.put(creation, new InsnList());
    for (AbstractInsnNode node : method.instructions) {
      FrameSnapshot before = frames.before(node);
      if (before != null && holds(before, created)) {
        InsnList replacement = replacement(method, node, before, created, fresh);
        if (replacement != null) {
          replacements.put(node, replacement);
        }
      }
    }
    dropFromFrames(method, creation);
    replacements.forEach((node, code) -> {
      method.instructions.insertBefore(node, code);
      method.instructions.remove(node);
    });
  }

  private static boolean holds(FrameSnapshot before, Uninitialized created) {
    return before.stack().contains(created) || before.locals().contains(created);
  }

  /** What {@code node} becomes without the copies of {@code created}; null: it stays. */
  private static InsnList replacement(MethodNode method, AbstractInsnNode node,
      FrameSnapshot before, Uninitialized created, FreshLocals fresh) {
    int opcode = node.getOpcode();
    if (opcode == ALOAD && created.equals(before.local(((VarInsnNode) node).var))) {
      return new InsnList();
    }
    List<Object> stack = before.stack();
    List<Object> consumed = stack.subList(stack.size() - FrameAnalyzer.popped(before, node),
        stack.size());
    if (!consumed.contains(created)) {
      return null;
    }
    if (opcode == ASTORE) {
      InsnList code = new InsnList();
      code.add(new InsnNode(ACONST_NULL));
      code.add(new VarInsnNode(ASTORE, ((VarInsnNode) node).var));
      return code;
    }
    if (StackShuffles.isShuffle(opcode)) {
      return ShuffleRewrite.without(opcode, new ArrayList<>(consumed), created);
    }
    if (node instanceof MethodInsnNode call && opcode == INVOKESPECIAL
        && "<init>".equals(call.name) && created.equals(consumed.get(0))) {
      return ConstructorRebuild.at(call, created, before, fresh);
    }
    throw new TransformException("the object of NEW " + created.newInstruction().desc + " "
        + FrameAnalyzer.place(method, created.newInstruction()) + " is live across an await,"
        + " and " + Printer.OPCODES[opcode] + " " + FrameAnalyzer.place(method, node)
        + " uses it before its constructor runs; only copies of an object under construction"
        + " (DUP, SWAP and POP forms, ASTORE, ALOAD) and its constructor call can be moved past"
        + " an await: create it after the await, or construct it before");
  }

  /** Takes the object out of every stack map frame: off the stack, null in the locals. */
  private static void dropFromFrames(MethodNode method, TypeInsnNode creation) {
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof FrameNode frame) {
        if (frame.stack != null) {
          frame.stack = new ArrayList<>(frame.stack);
          frame.stack.removeIf(type -> marks(type, creation));
        }
        if (frame.local != null) {
          frame.local = new ArrayList<>(frame.local);
          frame.local.replaceAll(type -> marks(type, creation) ? NULL : type);
        }
      }
    }
  }

  private static boolean marks(Object type, TypeInsnNode creation) {
    if (!(type instanceof LabelNode label)) {
      return false;
    }
    AbstractInsnNode node = label;
    while (node != null && node.getOpcode() < 0) {
      node = node.getNext();
    }
    return node == creation;
  }
}
