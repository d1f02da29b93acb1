package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.support.GeneratedAsyncClass;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A method the JIT compiles before the agent and would not after (its state machine above
 * HotSpot's 8,000-byte HugeMethodLimit) is rewritten, and a notice says so, with both sizes and
 * the fix; a method that stays under the limit gets none.
 */
class JitLimitTest {
  private static final String OWNER = "generated/jit/Sizes";

  @Test
  void a_state_machine_pushed_over_the_jit_limit_is_rewritten_with_a_notice() {
    TransformResult result = new AsyncClassTransformer(TransformOptions.DEFAULT)
        .transform(OWNER, awaits("crosses", 400, "stays", 20));
    assertEquals(List.of(), result.refusals());
    assertEquals(1, result.notices().size(), result.notices().toString());
    Notice notice = result.notices().get(0);
    assertEquals("crosses", notice.methodName());
    assertTrue(notice.message().startsWith("@Async method generated.jit.Sizes.crosses(Task)"),
        notice.message());
    assertTrue(notice.message().matches(".* is 20\\d\\d bytes of bytecode, and its state machine"
        + " \\d+ bytes, over HotSpot's limit of 8000 for compiling a method \\(HugeMethodLimit\\):"
        + " it will run interpreted; split it into smaller @Async methods, or run with"
        + " -XX:-DontCompileHugeMethods"), notice.message());
  }

  /** Static methods of {@code count} awaits each: {@code await(t)} popped, then {@code t}. */
  private static byte[] awaits(Object... namesAndCounts) {
    GeneratedAsyncClass generated = new GeneratedAsyncClass(OWNER);
    for (int i = 0; i < namesAndCounts.length; i += 2) {
      int count = (Integer) namesAndCounts[i + 1];
      generated.method((String) namesAndCounts[i], "(Ldev/spindle/Task;)Ldev/spindle/Task;", 10,
          true, method -> {
            for (int k = 0; k < count; k++) {
              method.visitVarInsn(ALOAD, 0);
              method.visitMethodInsn(INVOKESTATIC, Names.AWAIT, "await",
                  Names.AWAIT_TASK.descriptor(), false);
              method.visitInsn(POP);
            }
            method.visitVarInsn(ALOAD, 0);
            method.visitInsn(ARETURN);
          });
    }
    return generated.toByteArray();
  }
}
