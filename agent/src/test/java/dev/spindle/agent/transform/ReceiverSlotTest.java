package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.support.GeneratedAsyncClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An instance method that stores another object into local 0, where `this` lives (valid bytecode,
 * never javac's): the resume bridge hands the frame's `refs[0]` back as the receiver, so such a
 * method is refused with the reason, and its neighbour is still rewritten.
 */
class ReceiverSlotTest {
  private static final String OWNER = "generated/receiver/Overwrites";

  @Test
  void a_method_that_stores_into_the_receivers_slot_is_refused_alone() {
    TransformResult result = new AsyncClassTransformer(TransformOptions.DEFAULT)
        .transform(OWNER, twoMethods());
    List<Refusal> refusals = result.refusals();
    assertEquals(1, refusals.size(), refusals.toString());
    String message = refusals.get(0).message();
    assertTrue(message.startsWith("@Async method generated.receiver.Overwrites.overwrites(Task)"),
        message);
    assertTrue(message.contains("the method stores into local 0, which holds `this`"), message);
    assertTrue(result.rewritten() != null, "the neighbour is rewritten");
  }

  private static byte[] twoMethods() {
    GeneratedAsyncClass generated = new GeneratedAsyncClass(OWNER);
    for (String name : new String[] {"overwrites", "plain"}) {
      generated.method(name, "(Ldev/spindle/Task;)Ldev/spindle/Task;", 10, false, method -> {
        if (name.equals("overwrites")) {
          method.visitVarInsn(ALOAD, 1);
          method.visitVarInsn(ASTORE, 0); // `this` is gone
        }
        method.visitVarInsn(ALOAD, 1);
        method.visitMethodInsn(INVOKESTATIC, Names.AWAIT, "await",
            Names.AWAIT_TASK.descriptor(), false);
        method.visitVarInsn(ALOAD, 0);
        method.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "toString",
            "(Ljava/lang/Object;)Ljava/lang/String;", false);
        method.visitInsn(POP);
        method.visitMethodInsn(INVOKESTATIC, "dev/spindle/Task", "completed",
            "(Ljava/lang/Object;)Ldev/spindle/Task;", false);
        method.visitInsn(ARETURN);
      });
    }
    return generated.toByteArray();
  }
}
