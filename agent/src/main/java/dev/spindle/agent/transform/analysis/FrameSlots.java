package dev.spindle.agent.transform.analysis;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;

/**
 * Between a stack map frame's locals as ASM lists them (a {@code long} or {@code double} is one
 * entry standing for two slots) and one entry per slot (the wide value's second slot is
 * {@code TOP}). The rewriters reason per slot; frames are written back compressed.
 */
public final class FrameSlots {
  private FrameSlots() {}

  /** One entry per slot; {@code null} for no locals. */
  public static List<Object> expand(List<Object> compressed) {
    List<Object> slots = new ArrayList<>();
    if (compressed != null) {
      for (Object type : compressed) {
        slots.add(type);
        if (FrameTypes.isWide(type)) {
          slots.add(Opcodes.TOP);
        }
      }
    }
    return slots;
  }

  /** ASM's form: wide values once, trailing {@code TOP}s dropped. */
  public static List<Object> compress(List<Object> slots) {
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
    return locals;
  }
}
