package dev.spindle.agent.transform.spill;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSlots;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.Liveness;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.analysis.StackOrigins;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Lays out where a method's values wait while it is suspended ({@link SpillLayout}) and what each
 * await adds ({@link SitePlan}), from the types and liveness of the method whose slots
 * {@code SlotSplitRewriter} has already given one kind each. Reads the method; changes nothing.
 */
public final class SpillPlanner {
  private static final String OBJECT = "java/lang/Object";
  /** A constant string holds at most 65535 bytes of modified UTF-8, up to 3 per character. */
  private static final int MAX_MASK_CHARS = 65535 / 3;

  private final String owner;
  private final MethodNode method;
  private final List<SuspensionPoint> points;
  private final MethodFrames frames;
  private final boolean isStatic;
  private final SlotLayout layout;
  private final List<FrameSnapshot> before = new ArrayList<>();
  private final List<BitSet> live = new ArrayList<>();
  /** Per await, what each value under its task can be made again from (null: saved). */
  private final List<List<AbstractInsnNode>> origins = new ArrayList<>();
  /** Original slots live (and not null) at some await, with their shared type. */
  private final TreeMap<Integer, Object> saved = new TreeMap<>();
  /** Original slots typed at some await but live at none. */
  private final TreeMap<Integer, Object> reset = new TreeMap<>();
  /** State machine slot of each (type, ordinal among values of that type) some await saves. */
  private final Map<String, Integer> stackSlots = new HashMap<>();
  /** Shared type of each of those stack slots. */
  private final TreeMap<Integer, Object> stackTypes = new TreeMap<>();

  private SpillPlanner(String owner, MethodNode method, List<SuspensionPoint> points,
      MethodFrames frames, Liveness liveness, SlotLayout layout) {
    this.owner = owner;
    this.method = method;
    this.points = points;
    this.frames = frames;
    this.isStatic = (method.access & ACC_STATIC) != 0;
    this.layout = layout;
    for (SuspensionPoint point : points) {
      FrameSnapshot snapshot = frames.before(point.call());
      if (snapshot == null) {
        throw new TransformException("await at line " + point.line() + " is in unreachable code");
      }
      before.add(snapshot);
      BitSet liveHere = liveness.liveBefore(point.call());
      List<AbstractInsnNode> madeAgain = StackOrigins.under(point.call(), frames);
      for (AbstractInsnNode origin : madeAgain) {
        if (origin instanceof VarInsnNode load) {
          liveHere.set(load.var); // pushed back from the local: it must wait with the frame
        }
      }
      live.add(liveHere);
      origins.add(madeAgain);
    }
  }

  /** The plan: the layout first, then one {@link SitePlan} per await, in order. */
  public record Plan(SpillLayout layout, List<SitePlan> sites) {}

  public static Plan plan(String owner, MethodNode method, List<SuspensionPoint> points,
      MethodFrames frames, Liveness liveness, SlotLayout layout) {
    return new SpillPlanner(owner, method, points, frames, liveness, layout).plan();
  }

  private Plan plan() {
    findSlots();
    findStackSlots();
    List<SavedSlot> refs = new ArrayList<>();
    List<SavedSlot> prims = new ArrayList<>();
    Map<Integer, Object> uniform = new HashMap<>();
    List<SavedSlot> initialized = new ArrayList<>();
    saved.forEach((slot, type) -> {
      SavedSlot value = place(layout.shifted(slot), type, refs, prims);
      uniform.put(value.slot(), type);
      if (slot >= layout.frameSlot()) {
        initialized.add(value);
      }
    });
    stackTypes.forEach((slot, type) -> {
      initialized.add(place(slot, type, refs, prims));
      uniform.put(slot, type);
    });
    List<SavedSlot> resets = new ArrayList<>();
    reset.forEach((slot, type) -> resets.add(new SavedSlot(layout.shifted(slot),
        FrameTypes.isPrimitive(type) ? type : NULL, -1)));
    int chars = (refs.size() + 15) / 16;
    List<SitePlan> sites = new ArrayList<>();
    StringBuilder dead = new StringBuilder();
    for (int k = 0; k < points.size(); k++) {
      sites.add(site(k, uniform));
      dead.append(deadRefs(k, refs, chars));
    }
    boolean anyDead = dead.chars().anyMatch(c -> c != 0);
    if (anyDead && dead.length() > MAX_MASK_CHARS) {
      throw new TransformException(points.size() + " awaits with " + refs.size()
          + " saved references need a liveness table of " + dead.length() + " characters, over"
          + " the class file's limit of " + MAX_MASK_CHARS);
    }
    int taskSlot = layout.scratchBase() + stackSlotCount();
    SpillLayout spill = new SpillLayout(refs, prims, resets, uniform, initialized,
        anyDead ? dead.toString() : null, chars, taskSlot);
    return new Plan(spill, sites);
  }

  private static SavedSlot place(int slot, Object type, List<SavedSlot> refs,
      List<SavedSlot> prims) {
    List<SavedSlot> into = FrameTypes.isPrimitive(type) ? prims : refs;
    SavedSlot value = new SavedSlot(slot, type, into.size());
    into.add(value);
    return value;
  }

  /** Which original slots are saved (live at some await) or only reset, and their types. */
  private void findSlots() {
    Set<Integer> savedSlots = new TreeSet<>();
    if (!isStatic) {
      savedSlots.add(0); // the resume bridge takes the receiver from refs[0]
    }
    for (int k = 0; k < points.size(); k++) {
      FrameSnapshot snapshot = before.get(k);
      for (int slot = 0; slot < snapshot.locals().size(); slot++) {
        Object type = snapshot.local(slot);
        if (TOP.equals(type) || isHighHalf(snapshot, slot)) {
          continue;
        }
        if (type instanceof Uninitialized) {
          throw new TransformException("an object whose constructor has not run yet is in local "
              + slot + " across the await at line " + points.get(k).line());
        }
        if (live.get(k).get(slot) && !NULL.equals(type)) {
          savedSlots.add(slot);
        }
      }
    }
    Map<Integer, Set<Object>> seen = typesSeen(savedSlots);
    for (int slot : savedSlots) {
      saved.put(slot, uniformType(slot, seen.get(slot)));
    }
    List<Object> entry = FrameAnalyzer.entryLocals(owner, method);
    for (FrameSnapshot snapshot : before) {
      for (int slot = 0; slot < snapshot.locals().size(); slot++) {
        Object type = snapshot.local(slot);
        if (!TOP.equals(type) && !isHighHalf(snapshot, slot) && !saved.containsKey(slot)) {
          reset.put(slot, type);
        }
      }
    }
    // A parameter the resume bridge passes as a default of the very type every await sees
    // needs no reset.
    reset.keySet().removeIf(slot -> slot < entry.size() && before.stream().allMatch(
        snapshot -> TOP.equals(snapshot.local(slot)) || entry.get(slot).equals(snapshot.local(slot))));
  }

  private static boolean isHighHalf(FrameSnapshot snapshot, int slot) {
    return slot > 0 && FrameTypes.isWide(snapshot.local(slot - 1));
  }

  /**
   * Every type each saved slot ever holds: as a parameter, in the method's own frames, stored
   * into it, and at each await. One type (beside null) is the shared type; several share
   * {@code Object}, which needs no class hierarchy to be right.
   */
  private Map<Integer, Set<Object>> typesSeen(Set<Integer> slots) {
    Map<Integer, Set<Object>> seen = new HashMap<>();
    slots.forEach(slot -> seen.put(slot, new LinkedHashSet<>()));
    List<Object> entry = FrameAnalyzer.entryLocals(owner, method);
    for (int slot = 0; slot < entry.size(); slot++) {
      note(seen, slot, entry.get(slot));
    }
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof FrameNode frame) {
        List<Object> types = FrameSlots.expand(frame.local);
        for (int slot = 0; slot < types.size(); slot++) {
          note(seen, slot, types.get(slot) instanceof LabelNode
              ? new Uninitialized(null) : types.get(slot));
        }
      } else if (node instanceof VarInsnNode store && store.getOpcode() >= ISTORE
          && store.getOpcode() <= ASTORE && seen.containsKey(store.var)) {
        if (!isStatic && store.var == 0) {
          throw new TransformException("the method stores into local 0, which holds `this`");
        }
        FrameSnapshot snapshot = frames.before(store);
        if (snapshot != null) {
          note(seen, store.var, snapshot.stack().get(snapshot.stack().size() - 1));
        }
      }
    }
    for (FrameSnapshot snapshot : before) {
      for (int slot = 0; slot < snapshot.locals().size(); slot++) {
        note(seen, slot, snapshot.local(slot));
      }
    }
    return seen;
  }

  private static void note(Map<Integer, Set<Object>> seen, int slot, Object type) {
    Set<Object> types = seen.get(slot);
    if (types != null && !TOP.equals(type) && !NULL.equals(type)) {
      types.add(type);
    }
  }

  private Object uniformType(int slot, Set<Object> types) {
    for (Object type : types) {
      if (type instanceof Uninitialized || UNINITIALIZED_THIS.equals(type)) {
        throw new TransformException("local " + slot + " holds an object whose constructor has"
            + " not run yet, and is also live across an await");
      }
    }
    if (types.size() == 1) {
      return types.iterator().next();
    }
    Object first = types.iterator().next();
    if (FrameTypes.isPrimitive(first)) {
      throw new TransformException("local " + slot + " holds " + types + " (one kind expected)");
    }
    return OBJECT;
  }

  /**
   * A scratch slot per (type, ordinal) that some await has under its task: the second String on
   * one await's stack and the second String on another's share a slot, so each stack slot has one
   * exact type and a value pushed back from it needs no cast.
   */
  private void findStackSlots() {
    int next = layout.scratchBase();
    for (int k = 0; k < points.size(); k++) {
      List<Object> stack = before.get(k).stack();
      for (int position = 0; position < stack.size() - 1; position++) {
        Object type = stack.get(position);
        if (NULL.equals(type) || origins.get(k).get(position) != null) {
          continue;
        }
        if (!FrameTypes.isPrimitive(type) && !FrameTypes.isReference(type)) {
          throw new TransformException("an object whose constructor has not run yet is on the"
              + " operand stack across the await at line " + points.get(k).line());
        }
        String key = stackKey(stack, position);
        if (!stackSlots.containsKey(key)) {
          stackSlots.put(key, next);
          stackTypes.put(next, type);
          next += FrameTypes.isWide(type) ? 2 : 1;
        }
      }
    }
  }

  private int stackSlotCount() {
    int count = 0;
    for (Object type : stackTypes.values()) {
      count += FrameTypes.isWide(type) ? 2 : 1;
    }
    return count;
  }

  /** The value at {@code position}: its type, and how many values of that type lie below it. */
  private static String stackKey(List<Object> stack, int position) {
    Object type = stack.get(position);
    int ordinal = 0;
    for (int below = 0; below < position; below++) {
      ordinal += type.equals(stack.get(below)) ? 1 : 0;
    }
    return (FrameTypes.isPrimitive(type) ? "P" : "R") + type + "#" + ordinal;
  }

  /** The await's frame types, its operand-stack values and its fixups. */
  private SitePlan site(int k, Map<Integer, Object> uniform) {
    FrameSnapshot snapshot = before.get(k);
    List<Object> locals = new ArrayList<>();
    List<SitePlan.Fixup> fixups = new ArrayList<>();
    for (int slot = 0; slot < snapshot.locals().size(); slot++) {
      Object type = snapshot.local(slot);
      if (TOP.equals(type)) {
        continue;
      }
      int target = layout.shifted(slot);
      set(locals, target, type);
      Object shared = saved.get(slot);
      boolean needsFixup = shared != null && !FrameTypes.isPrimitive(type)
          && !shared.equals(type) && !(slot == 0 && !isStatic);
      if (needsFixup) {
        fixups.add(new SitePlan.Fixup(target, type, live.get(k).get(slot) && !NULL.equals(type)));
      }
    }
    uniform.forEach((slot, type) -> {
      if (slot >= locals.size() || TOP.equals(locals.get(slot))) {
        set(locals, slot, type);
      }
    });
    set(locals, layout.frameSlot(), Names.FRAME);
    List<StackValue> stack = new ArrayList<>();
    List<Object> stackTypesHere = snapshot.stack();
    for (int position = 0; position < stackTypesHere.size() - 1; position++) {
      Object type = stackTypesHere.get(position);
      AbstractInsnNode origin = origins.get(k).get(position);
      if (NULL.equals(type)) {
        stack.add(new StackValue(type, -1, null));
      } else if (origin instanceof VarInsnNode load) {
        stack.add(new StackValue(type, -1,
            new VarInsnNode(load.getOpcode(), layout.shifted(load.var))));
      } else if (origin != null) {
        stack.add(new StackValue(type, -1, origin.clone(null)));
      } else {
        stack.add(new StackValue(type, stackSlots.get(stackKey(stackTypesHere, position)), null));
      }
    }
    return new SitePlan(locals, stack, fixups);
  }

  private static void set(List<Object> locals, int slot, Object type) {
    int end = slot + (FrameTypes.isWide(type) ? 2 : 1);
    while (locals.size() < end) {
      locals.add(TOP);
    }
    locals.set(slot, type);
  }

  /** The characters of await k's dead-reference bits. */
  private String deadRefs(int k, List<SavedSlot> refs, int chars) {
    char[] bits = new char[chars];
    FrameSnapshot snapshot = before.get(k);
    Set<Integer> liveStackSlots = new TreeSet<>();
    List<Object> stack = snapshot.stack();
    for (int position = 0; position < stack.size() - 1; position++) {
      if (!NULL.equals(stack.get(position)) && origins.get(k).get(position) == null) {
        liveStackSlots.add(stackSlots.get(stackKey(stack, position)));
      }
    }
    for (SavedSlot ref : refs) {
      boolean isLive;
      if (ref.slot() >= layout.scratchBase()) {
        isLive = liveStackSlots.contains(ref.slot());
      } else {
        int original = ref.slot() > layout.frameSlot() ? ref.slot() - 1 : ref.slot();
        Object type = snapshot.local(original);
        isLive = (!isStatic && original == 0)
            || (live.get(k).get(original) && !TOP.equals(type) && !NULL.equals(type));
      }
      if (!isLive) {
        bits[ref.index() / 16] |= (char) (1 << (ref.index() % 16));
      }
    }
    return new String(bits);
  }
}
