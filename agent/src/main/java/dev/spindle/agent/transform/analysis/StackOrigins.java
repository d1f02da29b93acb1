package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Where each operand-stack value under an awaited task came from, when that is something the
 * state machine can make again instead of saving it: a constant ({@code ldc}, {@code iconst},
 * {@code bipush}, ...) or a load of a local that nothing has stored into since. The receiver of
 * {@code this.call(await(x))} and the key of {@code map.put("k", await(x))} are both. Reads the
 * method; looks back only to the last stack map frame before the await, where the verifier's
 * own knowledge stops too.
 */
public final class StackOrigins {
  private StackOrigins() {}

  /**
   * One entry per value under the task on the stack before {@code await} (bottom first): the
   * constant or load instruction that pushed it, or {@code null} when it has to be saved.
   */
  public static List<AbstractInsnNode> under(AbstractInsnNode await, MethodFrames frames) {
    AbstractInsnNode start = await;
    while (start.getPrevious() != null && !(start.getPrevious() instanceof FrameNode)) {
      start = start.getPrevious();
    }
    List<AbstractInsnNode> origins = new ArrayList<>();
    FrameSnapshot first = frames.before(firstReal(start, await));
    if (first == null) {
      return unknown(frames.before(await));
    }
    for (int i = 0; i < first.stack().size(); i++) {
      origins.add(null);
    }
    for (AbstractInsnNode node = start; node != await; node = node.getNext()) {
      if (node.getOpcode() < 0) {
        continue;
      }
      FrameSnapshot after = frames.before(nextReal(node, await));
      if (after == null) {
        return unknown(frames.before(await));
      }
      step(origins, node, after.stack().size());
    }
    List<AbstractInsnNode> under = new ArrayList<>(origins);
    under.remove(under.size() - 1); // the task itself
    return under;
  }

  /** Applies {@code node} to the origins, whose count becomes {@code sizeAfter}. */
  private static void step(List<AbstractInsnNode> origins, AbstractInsnNode node, int sizeAfter) {
    int opcode = node.getOpcode();
    if (remakes(node)) {
      origins.add(node);
    } else if (opcode == DUP) {
      origins.add(origins.get(origins.size() - 1));
    } else if (node instanceof VarInsnNode store && opcode >= ISTORE && opcode <= ASTORE) {
      origins.remove(origins.size() - 1);
      forget(origins, store.var);
    } else if (node instanceof IincInsnNode increment) {
      forget(origins, increment.var);
    } else {
      // Any other instruction takes values from the top and pushes at most one, except the
      // DUP and SWAP forms, which reach four deep: keep only what lies safely below.
      int reach = opcode >= DUP_X1 && opcode <= SWAP ? 4 : (opcode == POP || opcode == POP2 ? 0 : 1);
      int keep = Math.max(0, Math.min(origins.size(), sizeAfter - reach));
      while (origins.size() > keep) {
        origins.remove(origins.size() - 1);
      }
    }
    while (origins.size() < sizeAfter) {
      origins.add(null);
    }
    while (origins.size() > sizeAfter) {
      origins.remove(origins.size() - 1);
    }
  }

  /** Whether {@code node} pushes a value that the same instruction, run again, pushes again. */
  static boolean remakes(AbstractInsnNode node) {
    int opcode = node.getOpcode();
    if (node instanceof VarInsnNode) {
      return opcode >= ILOAD && opcode <= ALOAD;
    }
    if (node instanceof LdcInsnNode ldc) {
      return !(ldc.cst instanceof ConstantDynamic); // a dynamic constant may differ per run
    }
    return (opcode >= ICONST_M1 && opcode <= DCONST_1) || opcode == BIPUSH || opcode == SIPUSH;
  }

  private static void forget(List<AbstractInsnNode> origins, int slot) {
    origins.replaceAll(origin -> origin instanceof VarInsnNode load && (load.var == slot
        || load.var + 1 == slot && (load.getOpcode() == LLOAD || load.getOpcode() == DLOAD)
        || load.var == slot + 1) ? null : origin);
  }

  private static List<AbstractInsnNode> unknown(FrameSnapshot before) {
    List<AbstractInsnNode> none = new ArrayList<>();
    for (int i = 0; i < before.stack().size() - 1; i++) {
      none.add(null);
    }
    return none;
  }

  private static AbstractInsnNode firstReal(AbstractInsnNode from, AbstractInsnNode limit) {
    AbstractInsnNode node = from;
    while (node != limit && node.getOpcode() < 0) {
      node = node.getNext();
    }
    return node;
  }

  private static AbstractInsnNode nextReal(AbstractInsnNode node, AbstractInsnNode limit) {
    return firstReal(node.getNext(), limit);
  }
}
