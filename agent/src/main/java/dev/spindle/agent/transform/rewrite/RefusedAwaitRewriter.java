package dev.spindle.agent.transform.rewrite;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Points every {@code await} of a method that awaits without being rewritten (a lambda body, a
 * method without {@code @Async}) at {@code RefusedAwait.await(task, reason)}, with the reason the
 * agent gave when the class loaded: at run time the user reads why, not "run with -javaagent".
 * The rest of the method is left as written; the stack gains one slot at the call only, so the
 * method's frames stay valid.
 */
public final class RefusedAwaitRewriter {
  private RefusedAwaitRewriter() {}

  /** Rewrites {@code method}'s awaits in place; the number rewritten. */
  public static int redirect(MethodNode method, String reason) {
    int redirected = 0;
    if (method.instructions == null) {
      return redirected;
    }
    for (AbstractInsnNode node : method.instructions.toArray()) {
      if (node instanceof MethodInsnNode call) {
        Names.MethodRef target = Instructions.calls(call, Names.AWAIT_TASK)
            ? Names.REFUSED_AWAIT_TASK
            : Instructions.calls(call, Names.AWAIT_STAGE) ? Names.REFUSED_AWAIT_STAGE : null;
        if (target != null) {
          method.instructions.insertBefore(call, new LdcInsnNode(reason));
          method.instructions.set(call, Instructions.call(target));
          redirected++;
        }
      }
    }
    return redirected;
  }
}
