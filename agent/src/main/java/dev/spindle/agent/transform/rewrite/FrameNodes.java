package dev.spindle.agent.transform.rewrite;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSlots;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.spill.SavedSlot;
import dev.spindle.agent.transform.spill.SitePlan;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillLayout;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
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

  /** The frame at an await and its out-of-line blocks: {@code site}'s locals, with {@code stack}. */
  static FrameNode atSite(SitePlan site, List<Object> stack) {
    for (Object type : site.locals()) {
      if (type instanceof Uninitialized) {
        throw new TransformException("an uninitialized object is in a local across an await");
      }
    }
    return fromSlots(site.locals(), stack);
  }

  /** The frame of the shared save: every saved slot with its shared type, and the frame. */
  static FrameNode atSave(SpillLayout spill, SlotLayout layout, Object... stack) {
    List<Object> slots = new ArrayList<>();
    spill.uniform().forEach((slot, type) -> set(slots, slot, type));
    set(slots, layout.frameSlot(), Names.FRAME);
    return fromSlots(slots, List.of(stack));
  }

  /**
   * The frame after the shared restore: the parameters as the resume bridge passed them, the
   * saved slots with their shared types, the reset slots with their defaults' types.
   */
  static FrameNode afterRestore(String owner, MethodNode method, SpillLayout spill,
      SlotLayout layout, Object... stack) {
    List<Object> slots = FrameSlots.expand(entry(owner, method, layout).local);
    spill.uniform().forEach((slot, type) -> set(slots, slot, type));
    for (SavedSlot reset : spill.resets()) {
      set(slots, reset.slot(), reset.type());
    }
    return fromSlots(slots, List.of(stack));
  }

  /**
   * One of the method's own frames, made to say what the shared blocks rely on: a saved slot
   * the frame leaves unset holds its shared type (the body's start sets it).
   */
  static void widen(FrameNode frame, SpillLayout spill) {
    List<Object> slots = FrameSlots.expand(frame.local);
    spill.uniform().forEach((slot, type) -> {
      if (slot >= slots.size() || Opcodes.TOP.equals(slots.get(slot))) {
        set(slots, slot, type);
      }
    });
    frame.local = FrameSlots.compress(slots);
  }

  private static void set(List<Object> slots, int slot, Object type) {
    int end = slot + (FrameTypes.isWide(type) ? 2 : 1);
    while (slots.size() < end) {
      slots.add(Opcodes.TOP);
    }
    slots.set(slot, type);
  }

  /** The frame at the method's entry: its parameters and the frame parameter. */
  static FrameNode entry(String owner, MethodNode method, SlotLayout layout) {
    List<Object> slots = new ArrayList<>(FrameAnalyzer.entryLocals(owner, method));
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
    List<Object> locals = FrameSlots.compress(slots);
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
