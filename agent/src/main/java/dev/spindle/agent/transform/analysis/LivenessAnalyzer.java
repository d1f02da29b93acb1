package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which local slots are live (may be read before being written again) before each instruction:
 * the classic backward data flow over the method's control-flow graph, exception edges included.
 * A {@code long} or {@code double} is live under its first slot.
 */
public final class LivenessAnalyzer {
  private LivenessAnalyzer() {}

  /** Live slots before every instruction of {@code method}. */
  public static Liveness analyze(MethodNode method) {
    InsnList instructions = method.instructions;
    int size = instructions.size();
    List<List<Integer>> handlers = handlersByInstruction(method, size);
    BitSet[] liveIn = new BitSet[size];
    for (int i = 0; i < size; i++) {
      liveIn[i] = new BitSet();
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = size - 1; i >= 0; i--) {
        AbstractInsnNode node = instructions.get(i);
        BitSet live = new BitSet();
        for (int successor : successors(instructions, node, i)) {
          live.or(liveIn[successor]);
        }
        transfer(node, live);
        for (int handler : handlers.get(i)) {
          live.or(liveIn[handler]);
        }
        if (!live.equals(liveIn[i])) {
          liveIn[i] = live;
          changed = true;
        }
      }
    }
    return new Liveness(instructions, liveIn);
  }

  /** Turns "live after" into "live before" {@code node}. */
  private static void transfer(AbstractInsnNode node, BitSet live) {
    if (node instanceof VarInsnNode variable) {
      int opcode = node.getOpcode();
      if (opcode >= ISTORE && opcode <= ASTORE) {
        live.clear(variable.var);
        if (opcode == LSTORE || opcode == DSTORE) {
          live.clear(variable.var + 1);
        }
      } else {
        live.set(variable.var);
      }
    } else if (node instanceof IincInsnNode increment) {
      live.set(increment.var);
    }
  }

  private static List<Integer> successors(InsnList instructions, AbstractInsnNode node, int index) {
    List<Integer> successors = new ArrayList<>(2);
    int opcode = node.getOpcode();
    if (node instanceof JumpInsnNode jump) {
      successors.add(instructions.indexOf(jump.label));
    } else if (node instanceof TableSwitchInsnNode table) {
      successors.add(instructions.indexOf(table.dflt));
      for (LabelNode label : table.labels) {
        successors.add(instructions.indexOf(label));
      }
    } else if (node instanceof LookupSwitchInsnNode lookup) {
      successors.add(instructions.indexOf(lookup.dflt));
      for (LabelNode label : lookup.labels) {
        successors.add(instructions.indexOf(label));
      }
    }
    boolean fallsThrough = opcode != GOTO && opcode != TABLESWITCH && opcode != LOOKUPSWITCH
        && opcode != ATHROW && !(opcode >= IRETURN && opcode <= RETURN);
    if (fallsThrough && index + 1 < instructions.size()) {
      successors.add(index + 1);
    }
    return successors;
  }

  private static List<List<Integer>> handlersByInstruction(MethodNode method, int size) {
    List<List<Integer>> handlers = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      handlers.add(new ArrayList<>(0));
    }
    for (TryCatchBlockNode block : method.tryCatchBlocks) {
      int start = method.instructions.indexOf(block.start);
      int end = method.instructions.indexOf(block.end);
      int handler = method.instructions.indexOf(block.handler);
      for (int i = start; i < end; i++) {
        handlers.get(i).add(handler);
      }
    }
    return handlers;
  }
}
