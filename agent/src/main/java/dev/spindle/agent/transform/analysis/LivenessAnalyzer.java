package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    HandlerSets handlers = HandlerSets.of(method, size);
    BitSet[] liveIn = new BitSet[size];
    for (int i = 0; i < size; i++) {
      liveIn[i] = new BitSet();
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      // What the handlers of each distinct set of try ranges need, once per sweep: a method with
      // thousands of handlers over thousands of instructions stays linear in each.
      BitSet[] handlerLive = new BitSet[handlers.count()];
      for (int i = size - 1; i >= 0; i--) {
        AbstractInsnNode node = instructions.get(i);
        BitSet live = new BitSet();
        for (int successor : successors(instructions, node, i)) {
          live.or(liveIn[successor]);
        }
        transfer(node, live);
        int set = handlers.setOf(i);
        if (set >= 0) {
          if (handlerLive[set] == null) {
            handlerLive[set] = new BitSet();
            for (int handler : handlers.handlers(set)) {
              handlerLive[set].or(liveIn[handler]);
            }
          }
          live.or(handlerLive[set]);
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

  /**
   * The handlers that cover each instruction, as one of a few distinct sets: the set changes
   * only where a try range starts or ends, so a sweep over the instructions builds them.
   */
  private record HandlerSets(int[] setByInstruction, List<int[]> sets) {
    static HandlerSets of(MethodNode method, int size) {
      List<List<Integer>> startingAt = new ArrayList<>();
      List<List<Integer>> endingAt = new ArrayList<>();
      for (int i = 0; i <= size; i++) {
        startingAt.add(null);
        endingAt.add(null);
      }
      for (TryCatchBlockNode block : method.tryCatchBlocks) {
        int start = method.instructions.indexOf(block.start);
        int end = method.instructions.indexOf(block.end);
        int handler = method.instructions.indexOf(block.handler);
        if (start < end) {
          add(startingAt, start, handler);
          add(endingAt, end, handler);
        }
      }
      int[] setByInstruction = new int[size];
      List<int[]> sets = new ArrayList<>();
      Map<List<Integer>, Integer> ids = new HashMap<>();
      TreeMap<Integer, Integer> active = new TreeMap<>(); // handler -> ranges covering
      int current = -1;
      for (int i = 0; i < size; i++) {
        boolean moved = false;
        for (int handler : orEmpty(endingAt.get(i))) {
          active.merge(handler, -1, Integer::sum);
          active.remove(handler, 0);
          moved = true;
        }
        for (int handler : orEmpty(startingAt.get(i))) {
          active.merge(handler, 1, Integer::sum);
          moved = true;
        }
        if (moved) {
          List<Integer> key = List.copyOf(active.keySet());
          current = key.isEmpty() ? -1 : ids.computeIfAbsent(key, k -> {
            sets.add(k.stream().mapToInt(Integer::intValue).toArray());
            return sets.size() - 1;
          });
        }
        setByInstruction[i] = current;
      }
      return new HandlerSets(setByInstruction, sets);
    }

    int count() {
      return sets.size();
    }

    /** The set covering instruction {@code i}, or -1 when no try range does. */
    int setOf(int i) {
      return setByInstruction[i];
    }

    int[] handlers(int set) {
      return sets.get(set);
    }

    private static void add(List<List<Integer>> at, int index, int handler) {
      if (at.get(index) == null) {
        at.set(index, new ArrayList<>(1));
      }
      at.get(index).add(handler);
    }

    private static List<Integer> orEmpty(List<Integer> handlers) {
      return handlers == null ? List.of() : handlers;
    }
  }
}
