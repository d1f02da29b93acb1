package dev.spindle.agent.transform.spill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.INTEGER;
import static org.objectweb.asm.Opcodes.LONG;

import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.LivenessAnalyzer;
import dev.spindle.agent.transform.rewrite.SlotSplitRewriter;
import dev.spindle.agent.transform.scan.AsyncMethodScanner;
import dev.spindle.agent.transform.support.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

class SpillPlannerTest {
  private final ClassNode fixtures = Bytecode.read(SpillFixtures.class);

  private SpillPlanner.Plan plan(String name) {
    MethodNode method = Bytecode.method(fixtures, name);
    SlotSplitRewriter.split(method);
    int parameterSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - 1; // static
    return SpillPlanner.plan(fixtures.name, method, AsyncMethodScanner.awaitCalls(method),
        FrameAnalyzer.analyze(fixtures.name, method), LivenessAnalyzer.analyze(method),
        SlotLayout.of(parameterSlots, method.maxLocals));
  }

  @Test
  void a_slot_with_one_type_is_saved_with_it_and_needs_no_cast_at_any_await() {
    SpillPlanner.Plan plan = plan("oneTypePerSlot");
    assertEquals(List.of("java/lang/String", "java/lang/String"),
        plan.layout().refs().stream().map(SavedSlot::type).toList(), "name, first");
    assertEquals(List.of(INTEGER), plan.layout().prims().stream().map(SavedSlot::type).toList(),
        "count (under the second await's value, count += await(...), it is loaded again)");
    plan.sites().forEach(site -> assertEquals(List.of(), site.fixups()));
    // `first` is unset at the first await, where its slot may still hold an older value: cleared
    assertEquals("\u0002\u0000", plan.layout().deadRefs(), "refs = [name, first]");
  }

  @Test
  void a_slot_reused_for_two_types_is_saved_as_object_and_cast_back_where_live() {
    SpillPlanner.Plan plan = plan("twoTypesInOneSlot");
    assertEquals(List.of("java/lang/Object"),
        plan.layout().refs().stream().map(SavedSlot::type).toList());
    int slot = plan.layout().refs().get(0).slot();
    assertEquals(List.of(new SitePlan.Fixup(slot, "java/lang/String", true)),
        plan.sites().get(0).fixups());
    assertEquals(List.of(new SitePlan.Fixup(slot, "java/lang/Integer", true)),
        plan.sites().get(1).fixups());
  }

  @Test
  void a_reference_dead_at_an_await_is_in_the_dead_reference_table_for_that_await() {
    SpillPlanner.Plan plan = plan("deadAtTheSecondAwait");
    SpillLayout layout = plan.layout();
    assertEquals(1, layout.refs().size(), "early");
    assertEquals(1, layout.chars());
    assertNotNull(layout.deadRefs());
    assertEquals(0, layout.deadRefs().charAt(0), "live at the first await");
    assertEquals(1, layout.deadRefs().charAt(1), "dead at the second: refs[0] is cleared");
  }

  @Test
  void values_under_the_awaited_task_are_saved_in_stack_slots_or_made_again() {
    SpillPlanner.Plan plan = plan("valuesOnTheStack");
    List<StackValue> stack = plan.sites().get(0).stack();
    // consume(s, j, await(text)) builds an array: [array, array, 2] lie under the task
    assertEquals(List.of("[Ljava/lang/Object;", "[Ljava/lang/Object;", INTEGER),
        stack.stream().map(StackValue::type).toList());
    assertTrue(stack.get(0).slot() >= 0 && stack.get(1).slot() >= 0
        && stack.get(0).slot() != stack.get(1).slot(), "the two copies wait in two slots");
    for (StackValue value : stack.subList(0, 2)) {
      assertTrue(value.slot() < plan.layout().taskSlot(), "below the task's scratch slot");
      assertTrue(plan.layout().initialized().stream().anyMatch(v -> v.slot() == value.slot()),
          "a stack slot is set at the body's start like any saved slot");
    }
    assertEquals(-1, stack.get(2).slot(), "the index is a constant: pushed again, not saved");
    assertEquals(Opcodes.ICONST_2, stack.get(2).remake().getOpcode());
  }

  @Test
  void a_receiver_loaded_from_a_local_is_pushed_again_from_that_local() {
    SpillPlanner.Plan plan = plan("receiverFromALocal");
    StackValue receiver = plan.sites().get(0).stack().get(0);
    assertEquals(-1, receiver.slot());
    assertTrue(receiver.remake() instanceof org.objectweb.asm.tree.VarInsnNode load
        && load.getOpcode() == Opcodes.ALOAD && load.var == 0, String.valueOf(receiver));
    assertEquals(List.of("java/lang/StringBuilder"),
        plan.layout().refs().stream().map(SavedSlot::type).toList(),
        "the local waits with the frame, since the value is pushed again from it");
  }

  @Test
  void wide_values_keep_one_prims_entry() {
    SpillPlanner.Plan plan = plan("wideLocal");
    assertEquals(List.of(LONG), plan.layout().prims().stream().map(SavedSlot::type).toList());
    assertEquals(0, plan.layout().prims().get(0).index());
  }
}
