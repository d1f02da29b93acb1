package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The pre-pass for {@code new Foo(a, await(x))}: an object whose constructor has not run cannot
 * be saved across a suspension, so each {@code NEW Foo; DUP} whose constructor call comes after
 * an await is moved to just before that call. The arguments, already evaluated, go through fresh
 * locals: {@code store args; NEW Foo; DUP; load args; INVOKESPECIAL Foo.<init>} (as kotlinc does).
 * The class is created a little later than in the source; nothing else changes.
 */
public final class ConstructorCallRewriter {
  private ConstructorCallRewriter() {}

  /** Rewrites {@code method} in place; returns whether anything changed. */
  public static boolean rewrite(String owner, MethodNode method, List<SuspensionPoint> points) {
    MethodFrames frames = FrameAnalyzer.analyze(owner, method);
    Set<TypeInsnNode> spanning = new LinkedHashSet<>();
    for (SuspensionPoint point : points) {
      FrameSnapshot before = frames.before(point.call());
      if (before == null) {
        continue;
      }
      for (Object type : before.stack()) {
        if (type instanceof Uninitialized uninitialized) {
          spanning.add(uninitialized.newInstruction());
        }
      }
    }
    for (TypeInsnNode creation : spanning) {
      MethodInsnNode constructor = constructorOf(creation, frames);
      dropFromFrames(method, creation, constructor);
      moveCreation(method, creation, constructor);
    }
    return !spanning.isEmpty();
  }

  /** The {@code INVOKESPECIAL <init>} that initializes the object {@code creation} makes. */
  private static MethodInsnNode constructorOf(TypeInsnNode creation, MethodFrames frames) {
    Uninitialized created = new Uninitialized(creation);
    for (AbstractInsnNode node = creation.getNext(); node != null; node = node.getNext()) {
      if (node instanceof MethodInsnNode call && call.getOpcode() == INVOKESPECIAL
          && "<init>".equals(call.name) && frames.before(call) != null) {
        List<Object> stack = frames.before(call).stack();
        int receiver = stack.size() - 1 - Type.getArgumentTypes(call.desc).length;
        if (receiver >= 0 && created.equals(stack.get(receiver))) {
          return call;
        }
      }
    }
    throw new TransformException("no constructor call found for NEW " + creation.desc);
  }

  /** Removes the uninitialized object from the frames between its creation and constructor. */
  private static void dropFromFrames(MethodNode method, TypeInsnNode creation,
      MethodInsnNode constructor) {
    for (AbstractInsnNode node = creation; node != constructor; node = node.getNext()) {
      if (node instanceof FrameNode frame && frame.stack != null) {
        frame.stack = new ArrayList<>(frame.stack);
        frame.stack.removeIf(type -> type instanceof LabelNode label && marks(label, creation));
      }
    }
  }

  private static boolean marks(LabelNode label, TypeInsnNode creation) {
    AbstractInsnNode node = label;
    while (node != null && node.getOpcode() < 0) {
      node = node.getNext();
    }
    return node == creation;
  }

  private static void moveCreation(MethodNode method, TypeInsnNode creation,
      MethodInsnNode constructor) {
    AbstractInsnNode dup = creation.getNext();
    while (dup != null && dup.getOpcode() < 0) {
      dup = dup.getNext();
    }
    if (dup == null || dup.getOpcode() != DUP) {
      throw new TransformException("NEW " + creation.desc + " is not followed by DUP");
    }
    InsnList instructions = method.instructions;
    Type[] arguments = Type.getArgumentTypes(constructor.desc);
    int[] slots = new int[arguments.length];
    int next = method.maxLocals;
    for (int i = 0; i < arguments.length; i++) {
      slots[i] = next;
      next += arguments[i].getSize();
    }
    method.maxLocals = next;
    InsnList moved = new InsnList();
    for (int i = arguments.length - 1; i >= 0; i--) {
      moved.add(new VarInsnNode(arguments[i].getOpcode(ISTORE), slots[i]));
    }
    moved.add(new TypeInsnNode(NEW, creation.desc));
    moved.add(new InsnNode(DUP));
    for (int i = 0; i < arguments.length; i++) {
      moved.add(new VarInsnNode(arguments[i].getOpcode(ILOAD), slots[i]));
    }
    instructions.insertBefore(constructor, moved);
    instructions.remove(dup);
    instructions.remove(creation);
  }
}
