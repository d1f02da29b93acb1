package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.GeneratedAsyncClass;
import dev.spindle.agent.transform.support.GeneratedClasses;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@code areturn} with more values under the returned task, which javac never leaves but the JVM
 * allows (it drops them): the state machine returns the task and drops them too, whether the
 * method suspended or not. The values under the await (a constant, a {@code long}) are made
 * again on resumption.
 */
class ReturnShapesTest {
  private static final String OWNER = "generated/returns/ExtraValues";

  @Test
  void a_return_with_values_under_the_task_returns_the_task() throws Exception {
    byte[] original = extraValuesUnderTheReturn();
    TransformResult result = new AsyncClassTransformer(TransformOptions.DEFAULT)
        .transform(OWNER, original);
    assertEquals(java.util.List.of(), result.refusals());
    Class<?> type = GeneratedClasses.load(OWNER.replace('/', '.'), result.rewritten());
    for (String name : new String[] {"narrow", "wide"}) {
      assertEquals(42, GeneratedClasses.callSuspending(type, name, null), name + ", suspending");
      Method method = type.getMethod(name, Task.class);
      assertEquals(42, EventLoop.run(() -> invoke(method, Task.completed(41))),
          name + ", already done");
    }
  }

  @SuppressWarnings("unchecked")
  private static Task<Object> invoke(Method method, Task<Integer> task) {
    try {
      return (Task<Object>) method.invoke(null, task);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * {@code narrow(Task t)}: {@code bipush 7; ldc "extra"; completed(await(t) + 1); areturn}
   * with the int and the string still under the task; {@code wide} the same with a long.
   */
  private static byte[] extraValuesUnderTheReturn() {
    GeneratedAsyncClass generated = new GeneratedAsyncClass(OWNER);
    for (String name : new String[] {"narrow", "wide"}) {
      generated.method(name, "(Ldev/spindle/Task;)Ldev/spindle/Task;", 10, true, method -> {
        if (name.equals("narrow")) {
          method.visitIntInsn(BIPUSH, 7);
        } else {
          method.visitInsn(LCONST_1);
        }
        method.visitLdcInsn("extra");
        method.visitVarInsn(ALOAD, 0);
        method.visitMethodInsn(INVOKESTATIC, Names.AWAIT, "await",
            Names.AWAIT_TASK.descriptor(), false);
        method.visitTypeInsn(CHECKCAST, "java/lang/Integer");
        method.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
        method.visitInsn(ICONST_1);
        method.visitInsn(IADD);
        method.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf",
            "(I)Ljava/lang/Integer;", false);
        method.visitMethodInsn(INVOKESTATIC, "dev/spindle/Task", "completed",
            "(Ljava/lang/Object;)Ldev/spindle/Task;", false);
        method.visitInsn(ARETURN);
      });
    }
    return generated.toByteArray();
  }
}
