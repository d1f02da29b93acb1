package dev.spindle.agent.transform.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.support.Bytecode;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

class SlotSplitRewriterTest {
  @Test
  void after_the_split_every_slot_is_read_and_written_as_one_kind() {
    ClassNode owner = Bytecode.read(SlotSplitFixtures.class);
    for (String name : new String[] {"threeKindsInOneSlot", "wideThenNarrow"}) {
      MethodNode method = Bytecode.method(owner, name);
      assertTrue(kindsPerSlot(method).values().stream().anyMatch(kinds -> kinds.size() > 1),
          name + " reuses a slot for two kinds before");
      assertTrue(SlotSplitRewriter.split(method), name);
      kindsPerSlot(method).forEach((slot, kinds) -> assertEquals(1, kinds.size(),
          name + ": slot " + slot + " holds " + kinds));
    }
  }

  @Test
  void a_method_without_reuse_is_left_alone() {
    MethodNode method = Bytecode.method(Bytecode.read(SlotSplitFixtures.class), "noReuse");
    assertFalse(SlotSplitRewriter.split(method));
  }

  @Test
  void split_methods_verify_and_compute_what_they_did() throws Exception {
    ClassNode owner = Bytecode.read(SlotSplitFixtures.class);
    owner.methods.forEach(SlotSplitRewriter::split);
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    owner.accept(writer);
    byte[] bytes = writer.toByteArray();
    Class<?> split = new ClassLoader(getClass().getClassLoader()) {
      Class<?> define() {
        return defineClass(SlotSplitFixtures.class.getName(), bytes, 0, bytes.length);
      }
    }.define();
    for (String name : new String[] {"threeKindsInOneSlot", "wideThenNarrow"}) {
      Method original = SlotSplitFixtures.class.getMethod(name, int.class);
      Method rewritten = split.getMethod(name, int.class);
      for (int seed : new int[] {-3, 0, 7, 123456}) {
        assertEquals(original.invoke(null, seed), rewritten.invoke(null, seed), name + "(" + seed
            + ")");
      }
    }
  }

  /** The kinds each slot is loaded or stored as: I, J, F, D or A. */
  private static Map<Integer, Set<Character>> kindsPerSlot(MethodNode method) {
    Map<Integer, Set<Character>> kinds = new HashMap<>();
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof VarInsnNode variable) {
        int opcode = variable.getOpcode();
        int base = opcode >= Opcodes.ISTORE ? opcode - Opcodes.ISTORE : opcode - Opcodes.ILOAD;
        kinds.computeIfAbsent(variable.var, k -> new HashSet<>()).add("IJFDA".charAt(base));
      }
    }
    return kinds;
  }
}
