package dev.spindle.agent.transform.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.objectweb.asm.Opcodes.FLOAT;
import static org.objectweb.asm.Opcodes.INTEGER;
import static org.objectweb.asm.Opcodes.LONG;
import static org.objectweb.asm.Opcodes.NULL;
import static org.objectweb.asm.Opcodes.TOP;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;

class FrameSpillerTest {
  /** Static method, one parameter (slot 0): the frame goes to slot 1, locals move up by one. */
  private static final SlotLayout STATIC_ONE_PARAMETER = SlotLayout.of(1, 8);

  private static final FrameSnapshot SNAPSHOT = new FrameSnapshot(
      List.of("Source", INTEGER, LONG, TOP, "java/lang/String", NULL, FLOAT, INTEGER),
      List.of(INTEGER, "java/lang/String", "dev/spindle/Task"));

  private static BitSet live(int... slots) {
    BitSet live = new BitSet();
    for (int slot : slots) {
      live.set(slot);
    }
    return live;
  }

  @Test
  void live_references_and_primitives_get_their_own_indexes_and_shifted_slots() {
    SpillPlan plan = FrameSpiller.plan(SNAPSHOT, live(0, 1, 2, 4, 5, 6), true,
        STATIC_ONE_PARAMETER);
    assertEquals(List.of(
        new SavedValue("Source", 0, 0),
        new SavedValue(INTEGER, 2, 0),
        new SavedValue(LONG, 3, 1),
        new SavedValue("java/lang/String", 5, 1),
        new SavedValue(FLOAT, 7, 2)), plan.locals());
    assertEquals(List.of(new SavedValue(NULL, 6, -1), new SavedValue(INTEGER, 8, -1)),
        plan.deadLocals(), "null needs no saving; the dead int (slot 7, now 8) gets a default");
    assertEquals(List.of(new SavedValue(INTEGER, 10, 3), new SavedValue("java/lang/String", 11, 2)),
        plan.stack(), "stack values pass through scratch slots after the task's");
    assertEquals(9, plan.taskSlot());
    assertEquals(3, plan.refCount());
    assertEquals(4, plan.primCount());
  }

  @Test
  void an_instance_method_always_saves_this_in_refs_0() {
    FrameSnapshot snapshot = new FrameSnapshot(List.of("Owner", INTEGER),
        List.of("dev/spindle/Task"));
    SpillPlan plan = FrameSpiller.plan(snapshot, live(), false, SlotLayout.of(1, 2));
    assertEquals(List.of(new SavedValue("Owner", 0, 0)), plan.locals());
    assertEquals(1, plan.refCount());
    assertEquals(0, plan.primCount());
  }

  @Test
  void save_and_restore_code_never_boxes() {
    SpillPlan plan = FrameSpiller.plan(SNAPSHOT, live(1, 2, 6), true, STATIC_ONE_PARAMETER);
    for (InsnList code : List.of(FrameSpiller.save(plan, 1, plan.refCount()), FrameSpiller.restore(plan, 1, true))) {
      for (AbstractInsnNode node : code) {
        if (node instanceof org.objectweb.asm.tree.MethodInsnNode call) {
          assertEquals(true, call.owner.equals("java/lang/Float"), "only raw-bits conversions: "
              + call.owner + "." + call.name);
        }
      }
    }
  }

  @Test
  void an_uninitialized_object_cannot_be_saved() {
    FrameSnapshot snapshot = new FrameSnapshot(List.of(),
        List.of(new dev.spindle.agent.transform.analysis.Uninitialized(
            new org.objectweb.asm.tree.TypeInsnNode(org.objectweb.asm.Opcodes.NEW, "Foo")),
            "dev/spindle/Task"));
    TransformException thrown = assertThrows(TransformException.class,
        () -> FrameSpiller.plan(snapshot, live(), true, SlotLayout.of(0, 0)));
    assertEquals(true, thrown.getMessage().startsWith("an object whose constructor has not run"
        + " yet is on the operand stack across an await"), thrown.getMessage());
  }
}
