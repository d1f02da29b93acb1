package dev.spindle.agent.transform.rewrite;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.spill.SlotLayout;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Builds the expanded stack map frames ({@code F_NEW}) the rewriter emits at its new labels, and
 * shifts the method's own frames for the frame parameter. Nothing here looks up a class.
 */
final class FrameNodes {
  private FrameNodes() {}

  /** A frame of the state machine from {@code snapshot} (original slots), stack replaced. */
  static FrameNode of(FrameSnapshot snapshot, List<Object> stack, SlotLayout layout) {
    List<Object> slots = new ArrayList<>();
    for (int slot = 0; slot < snapshot.locals().size(); slot++) {
      Object type = snapshot.local(slot);
      if (type instanceof Uninitialized) {
        throw new TransformException("an uninitialized object is in a local across an await");
      }
      if (slot == layout.frameSlot()) {
        slots.add(Names.FRAME);
      }
      slots.add(type);
    }
    while (slots.size() <= layout.frameSlot()) {
      slots.add(slots.size() == layout.frameSlot() ? Names.FRAME : Opcodes.TOP);
    }
    return fromSlots(slots, stack);
  }

  /** The frame at the method's entry: its parameters and the frame parameter. */
  static FrameNode entry(String owner, MethodNode method, SlotLayout layout) {
    List<Object> slots = new ArrayList<>();
    if ((method.access & Opcodes.ACC_STATIC) == 0) {
      slots.add(owner);
    }
    for (Type parameter : Type.getArgumentTypes(method.desc)) {
      Object type = FrameTypes.of(parameter);
      slots.add(type);
      if (FrameTypes.isWide(type)) {
        slots.add(Opcodes.TOP);
      }
    }
    slots.add(Names.FRAME);
    return fromSlots(slots, List.of());
  }

  /** A frame where only the frame parameter is known, with {@code stack}. */
  static FrameNode frameOnly(SlotLayout layout, Object... stack) {
    List<Object> slots = new ArrayList<>();
    for (int slot = 0; slot < layout.frameSlot(); slot++) {
      slots.add(Opcodes.TOP);
    }
    slots.add(Names.FRAME);
    return fromSlots(slots, List.of(stack));
  }

  /** Inserts the frame parameter into one of the method's own frames (after the parameters). */
  static void shift(FrameNode frame, SlotLayout layout) {
    List<Object> locals = frame.local == null ? new ArrayList<>() : new ArrayList<>(frame.local);
    int slot = 0;
    int position = 0;
    while (slot < layout.frameSlot() && position < locals.size()) {
      slot += FrameTypes.isWide(locals.get(position)) ? 2 : 1;
      position++;
    }
    while (slot < layout.frameSlot()) {
      locals.add(Opcodes.TOP);
      slot++;
      position++;
    }
    locals.add(position, Names.FRAME);
    frame.local = locals;
  }

  private static FrameNode fromSlots(List<Object> slots, List<Object> stack) {
    List<Object> locals = new ArrayList<>();
    for (int slot = 0; slot < slots.size(); slot++) {
      Object type = slots.get(slot);
      locals.add(type);
      if (FrameTypes.isWide(type)) {
        slot++;
      }
    }
    while (!locals.isEmpty() && Opcodes.TOP.equals(locals.get(locals.size() - 1))) {
      locals.remove(locals.size() - 1);
    }
    for (Object type : stack) {
      if (type instanceof Uninitialized) {
        throw new TransformException("an uninitialized object is on the stack across an await");
      }
    }
    return new FrameNode(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.size(),
        stack.toArray());
  }

  /** Drops a frame that another frame follows at the same offset; keeps the later one. */
  static void removeDuplicates(MethodNode method) {
    FrameNode pending = null;
    for (AbstractInsnNode node = method.instructions.getFirst(); node != null;
        node = node.getNext()) {
      if (node instanceof FrameNode frame) {
        if (pending != null) {
          method.instructions.remove(pending);
        }
        pending = frame;
      } else if (node.getOpcode() >= 0) {
        pending = null;
      } else if (!(node instanceof LabelNode) && !(node instanceof org.objectweb.asm.tree.LineNumberNode)) {
        pending = null;
      }
    }
  }
}
