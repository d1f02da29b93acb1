package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

/**
 * How many monitors ({@code synchronized} blocks) are held before each instruction: a forward
 * flow over the control-flow graph counting {@code MONITORENTER} and {@code MONITOREXIT}. A
 * handler starts with the count of the instruction that throws. An exception goes to the first
 * handler in exception-table order that catches it, so a handler listed after a catch-all over
 * the same instruction is never reached from it: javac's catch-any handler, which releases the
 * monitor and rethrows, stands between a {@code synchronized} body and an outer {@code catch},
 * and that {@code catch} runs with the monitor released.
 */
public final class MonitorAnalyzer {
  /** Deeper nesting than this is not real code; it stops the count on unstructured locking. */
  private static final int MAX_DEPTH = 255;

  private MonitorAnalyzer() {}

  /** Monitors held before each instruction, by instruction index; -1 where unreachable. */
  public static int[] depths(MethodNode method) {
    InsnList instructions = method.instructions;
    int[] depth = new int[instructions.size()];
    Arrays.fill(depth, -1);
    Deque<Integer> work = new ArrayDeque<>();
    reach(depth, work, 0, 0);
    while (!work.isEmpty()) {
      int index = work.pop();
      AbstractInsnNode node = instructions.get(index);
      int after = depth[index] + (node.getOpcode() == MONITORENTER ? 1
          : node.getOpcode() == MONITOREXIT ? -1 : 0);
      for (TryCatchBlockNode block : method.tryCatchBlocks) {
        if (instructions.indexOf(block.start) <= index && index < instructions.indexOf(block.end)) {
          reach(depth, work, instructions.indexOf(block.handler), depth[index]);
          if (catchesEverything(block)) {
            break; // later handlers over this instruction never see its exceptions
          }
        }
      }
      for (int successor : successors(instructions, node, index)) {
        reach(depth, work, successor, Math.max(after, 0));
      }
    }
    return depth;
  }

  /** A handler of every throwable: javac's {@code any} (no type) or {@code Throwable}. */
  private static boolean catchesEverything(TryCatchBlockNode block) {
    return block.type == null || "java/lang/Throwable".equals(block.type);
  }

  private static void reach(int[] depth, Deque<Integer> work, int index, int value) {
    if (index < depth.length && value > depth[index] && value <= MAX_DEPTH) {
      depth[index] = value;
      work.push(index);
    }
  }

  private static int[] successors(InsnList instructions, AbstractInsnNode node, int index) {
    int opcode = node.getOpcode();
    if (node instanceof JumpInsnNode jump) {
      int target = instructions.indexOf(jump.label);
      return opcode == GOTO ? new int[] {target} : new int[] {target, index + 1};
    }
    if (node instanceof TableSwitchInsnNode table) {
      return targets(instructions, table.dflt, table.labels);
    }
    if (node instanceof LookupSwitchInsnNode lookup) {
      return targets(instructions, lookup.dflt, lookup.labels);
    }
    if (opcode == ATHROW || (opcode >= IRETURN && opcode <= RETURN)) {
      return new int[0];
    }
    return new int[] {index + 1};
  }

  private static int[] targets(InsnList instructions, LabelNode dflt,
      java.util.List<LabelNode> labels) {
    int[] targets = new int[labels.size() + 1];
    targets[0] = instructions.indexOf(dflt);
    for (int i = 0; i < labels.size(); i++) {
      targets[i + 1] = instructions.indexOf(labels.get(i));
    }
    return targets;
  }
}
