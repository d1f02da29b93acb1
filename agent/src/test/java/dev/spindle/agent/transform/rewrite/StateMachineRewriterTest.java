package dev.spindle.agent.transform.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.corpus.ExceptionsCorpus;
import dev.spindle.agent.transform.scan.AsyncMethod;
import dev.spindle.agent.transform.scan.AsyncMethodScanner;
import dev.spindle.agent.transform.support.Bytecode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;

class StateMachineRewriterTest {
  private static MethodNode rewritten(String name, TransformOptions options) {
    ClassNode owner = Bytecode.read(ExceptionsCorpus.class);
    MethodNode method = Bytecode.method(owner, name);
    AsyncMethod async = new AsyncMethod(method, AsyncMethodScanner.awaitCalls(method));
    StateMachineRewriter.rewrite(owner.name, async, options,
        new ResumeLink(owner.name, false, name + Names.RESUME_BRIDGE_SUFFIX));
    return method;
  }

  private static List<MethodInsnNode> calls(MethodNode method, Names.MethodRef target) {
    List<MethodInsnNode> calls = new java.util.ArrayList<>();
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof MethodInsnNode call && call.owner.equals(target.owner())
          && call.name.equals(target.name()) && call.desc.equals(target.descriptor())) {
        calls.add(call);
      }
    }
    return calls;
  }

  @Test
  void the_prologue_dispatches_to_one_resume_block_per_await() {
    MethodNode method = rewritten("awaitInTryCatchAndFinally", TransformOptions.DEFAULT);
    int awaits = calls(Bytecode.method(Bytecode.read(ExceptionsCorpus.class),
        "awaitInTryCatchAndFinally"), Names.AWAIT_TASK).size();
    TableSwitchInsnNode dispatch = null;
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof TableSwitchInsnNode table) {
        dispatch = table;
        break;
      }
    }
    assertEquals(1, dispatch.min);
    assertEquals(awaits, dispatch.max);
    assertEquals(List.of(), calls(method, Names.AWAIT_TASK), "no await call is left");
    assertEquals(awaits, calls(method, Names.AWAIT_RESULT).size());
    assertEquals(awaits, calls(method, Names.TASK_IS_DONE).size());
    assertEquals(1, calls(method, Names.FRAME_SUSPEND).size()
        + calls(method, Names.FRAME_SUSPEND_CLEARING).size(), "one shared save block");
  }

  @Test
  void the_catch_all_handler_is_last_in_the_exception_table() {
    MethodNode method = rewritten("nestedTryBlocks", TransformOptions.DEFAULT);
    TryCatchBlockNode last = method.tryCatchBlocks.get(method.tryCatchBlocks.size() - 1);
    assertNull(last.type);
    assertTrue(method.tryCatchBlocks.size() > 1, "the user's own handlers come first");
    assertEquals(method.instructions.getFirst(), last.start, "covers the whole method");
  }

  @Test
  void always_suspend_mode_emits_no_fast_path() {
    MethodNode method = rewritten("nestedTryBlocks", new TransformOptions(true));
    assertEquals(List.of(), calls(method, Names.TASK_IS_DONE));
  }

  @Test
  void generated_code_carries_only_the_users_own_line_numbers() {
    Set<Integer> original = new HashSet<>();
    for (AbstractInsnNode node : Bytecode.method(Bytecode.read(ExceptionsCorpus.class),
        "earlyReturnThroughFinally").instructions) {
      if (node instanceof LineNumberNode line) {
        original.add(line.line);
      }
    }
    for (AbstractInsnNode node : rewritten("earlyReturnThroughFinally",
        TransformOptions.DEFAULT).instructions) {
      if (node instanceof LineNumberNode line) {
        assertTrue(original.contains(line.line), "line " + line.line + " is not the user's");
      }
    }
  }
}
