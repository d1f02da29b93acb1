package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.analysis.FrameSlots;
import dev.spindle.agent.transform.analysis.FrameTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Gives every local slot one kind of value for the whole method: a slot that javac reuses for an
 * {@code int} in one block and a {@code String} in another is split in two, the second kind
 * moving to a fresh slot. Exact: the verifier lets a slot be read only as the kind last written
 * to it, so reading kind {@code c} from the slot that only kind {@code c} writes sees the same
 * value. The state machine relies on it to save and restore every slot with one shared block,
 * whatever the await.
 *
 * <p>Kinds: {@code I F J D A} by the load/store opcodes, {@code IINC}, the parameters and the
 * method's stack map frames; {@code H} is the second slot of a {@code long} or {@code double}.
 */
public final class SlotSplitRewriter {
  private static final char HIGH = 'H';
  private static final String ORDER = "AIFJD";

  private SlotSplitRewriter() {}

  /** Splits {@code method}'s slots in place; returns whether anything moved. */
  public static boolean split(MethodNode method) {
    int slots = method.maxLocals;
    List<StringBuilder> kinds = new ArrayList<>();
    for (int slot = 0; slot < slots + 2; slot++) {
      kinds.add(new StringBuilder());
    }
    String parameterKinds = parameterKinds(method);
    for (int slot = 0; slot < parameterKinds.length(); slot++) {
      add(kinds, slot, parameterKinds.charAt(slot));
    }
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof VarInsnNode variable && variable.getOpcode() != RET) {
        add(kinds, variable.var, kindOf(variable.getOpcode()));
      } else if (node instanceof IincInsnNode increment) {
        add(kinds, increment.var, 'I');
      } else if (node instanceof FrameNode frame) {
        List<Object> types = FrameSlots.expand(frame.local);
        for (int slot = 0; slot < types.size(); slot++) {
          char kind = kindOf(types.get(slot));
          if (kind != 0) {
            add(kinds, slot, kind);
          }
        }
      }
    }
    Map<Long, Integer> moved = assign(kinds, parameterKinds, slots);
    if (moved.isEmpty()) {
      return false;
    }
    rewrite(method, moved);
    return true;
  }

  /** The new slot of each (slot, kind) that moves; the rest stay where they are. */
  private static Map<Long, Integer> assign(List<StringBuilder> kinds, String parameterKinds,
      int slots) {
    Map<Long, Integer> moved = new HashMap<>();
    char[] primary = new char[kinds.size() + 1];
    int next = slots;
    for (int slot = 0; slot < kinds.size(); slot++) {
      String here = kinds.get(slot).toString();
      if (slot < parameterKinds.length()) {
        primary[slot] = parameterKinds.charAt(slot);
      } else if (slot > 0 && isWide(primary[slot - 1])) {
        primary[slot] = HIGH;
      } else {
        primary[slot] = firstOwnKind(here);
      }
      if (isWide(primary[slot])) {
        primary[slot + 1] = HIGH; // reserved before the next slot is looked at
      }
      for (char kind : here.toCharArray()) {
        if (kind != primary[slot] && kind != HIGH) {
          moved.put(key(slot, kind), next);
          next += isWide(kind) ? 2 : 1;
        }
      }
    }
    return moved;
  }

  private static char firstOwnKind(String kinds) {
    for (char kind : ORDER.toCharArray()) {
      if (kinds.indexOf(kind) >= 0) {
        return kind;
      }
    }
    return 0;
  }

  private static void rewrite(MethodNode method, Map<Long, Integer> moved) {
    int maxLocals = method.maxLocals;
    for (int target : moved.values()) {
      maxLocals = Math.max(maxLocals, target + 2);
    }
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof VarInsnNode variable && variable.getOpcode() != RET) {
        variable.var = target(moved, variable.var, kindOf(variable.getOpcode()));
      } else if (node instanceof IincInsnNode increment) {
        increment.var = target(moved, increment.var, 'I');
      } else if (node instanceof FrameNode frame && frame.local != null) {
        frame.local = FrameSlots.compress(remap(FrameSlots.expand(frame.local), moved));
      }
    }
    if (method.localVariables != null) {
      for (LocalVariableNode variable : method.localVariables) {
        variable.index = target(moved, variable.index, kindOf(Type.getType(variable.desc)));
      }
    }
    method.maxLocals = maxLocals;
  }

  private static List<Object> remap(List<Object> types, Map<Long, Integer> moved) {
    List<Object> remapped = new ArrayList<>();
    for (int slot = 0; slot < types.size(); slot++) {
      Object type = types.get(slot);
      char kind = kindOf(type);
      if (kind == 0) {
        continue;
      }
      int target = target(moved, slot, kind);
      int end = target + (FrameTypes.isWide(type) ? 2 : 1);
      while (remapped.size() < end) {
        remapped.add(TOP);
      }
      remapped.set(target, type);
    }
    return remapped;
  }

  private static int target(Map<Long, Integer> moved, int slot, char kind) {
    Integer target = moved.get(key(slot, kind));
    return target == null ? slot : target;
  }

  private static String parameterKinds(MethodNode method) {
    StringBuilder kinds = new StringBuilder();
    if ((method.access & ACC_STATIC) == 0) {
      kinds.append('A');
    }
    for (Type parameter : Type.getArgumentTypes(method.desc)) {
      char kind = kindOf(parameter);
      kinds.append(kind);
      if (isWide(kind)) {
        kinds.append(HIGH);
      }
    }
    return kinds.toString();
  }

  private static void add(List<StringBuilder> kinds, int slot, char kind) {
    while (kinds.size() <= slot + 1) {
      kinds.add(new StringBuilder());
    }
    if (kinds.get(slot).indexOf(String.valueOf(kind)) < 0) {
      kinds.get(slot).append(kind);
    }
    if (isWide(kind)) {
      add(kinds, slot + 1, HIGH);
    }
  }

  private static long key(int slot, char kind) {
    return ((long) slot << 8) | kind;
  }

  private static boolean isWide(char kind) {
    return kind == 'J' || kind == 'D';
  }

  private static char kindOf(int opcode) {
    switch (opcode) {
      case ILOAD: case ISTORE: return 'I';
      case LLOAD: case LSTORE: return 'J';
      case FLOAD: case FSTORE: return 'F';
      case DLOAD: case DSTORE: return 'D';
      default: return 'A';
    }
  }

  private static char kindOf(Type type) {
    switch (type.getSort()) {
      case Type.LONG: return 'J';
      case Type.FLOAT: return 'F';
      case Type.DOUBLE: return 'D';
      case Type.OBJECT: case Type.ARRAY: return 'A';
      default: return 'I';
    }
  }

  /** The kind of a frame type; 0 for {@code TOP}. */
  private static char kindOf(Object type) {
    if (TOP.equals(type)) {
      return 0;
    } else if (INTEGER.equals(type)) {
      return 'I';
    } else if (FLOAT.equals(type)) {
      return 'F';
    } else if (LONG.equals(type)) {
      return 'J';
    } else if (DOUBLE.equals(type)) {
      return 'D';
    }
    return 'A'; // a reference, null, an uninitialized object or uninitialized this
  }
}
