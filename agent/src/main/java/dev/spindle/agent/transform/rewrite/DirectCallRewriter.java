package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lets a state machine call another {@code @Async} method of its own class (itself, in a
 * recursion) at its state machine, with a {@code null} frame, instead of through the forwarder
 * that keeps the method's signature for everyone else: one stack frame per level instead of
 * two, so a rewritten recursion goes as deep as plain Java's. Only calls that bind to that very
 * method: {@code invokestatic}, and {@code invokespecial} or {@code invokevirtual} of a private
 * method. Every change can be {@link Redirect#undo undone}, for a method whose state machine is
 * taken out again.
 */
public final class DirectCallRewriter {
  private DirectCallRewriter() {}

  /** One call sent to a state machine: {@code aconst_null} added before it, its target changed. */
  public record Redirect(MethodNode caller, MethodInsnNode call, InsnNode frameArgument,
      int opcode, String descriptor) {
    /** Sends the call back to the forwarder. */
    public void undo() {
      caller.instructions.remove(frameArgument);
      call.setOpcode(opcode);
      call.desc = descriptor;
    }

    /** Whether the call now goes to {@code stateMachine}. */
    public boolean targets(MethodNode stateMachine) {
      return call.name.equals(stateMachine.name) && call.desc.equals(stateMachine.desc);
    }
  }

  /**
   * Redirects, in each of {@code callers}, the calls of class {@code owner} that bind to a
   * rewritten method (original descriptor by name, to its state machine).
   *
   * @param stateMachines each rewritten method's {@code name + original descriptor}, to its
   *     state machine
   */
  public static List<Redirect> redirect(String owner, List<MethodNode> callers,
      Map<String, MethodNode> stateMachines, Map<String, Boolean> isPrivate) {
    List<Redirect> redirects = new ArrayList<>();
    for (MethodNode caller : callers) {
      for (AbstractInsnNode node : caller.instructions.toArray()) {
        if (!(node instanceof MethodInsnNode call) || !call.owner.equals(owner)) {
          continue;
        }
        String key = call.name + call.desc;
        MethodNode target = stateMachines.get(key);
        if (target == null || !bindsExactly(call, Boolean.TRUE.equals(isPrivate.get(key)))) {
          continue;
        }
        InsnNode frameArgument = new InsnNode(ACONST_NULL);
        caller.instructions.insertBefore(call, frameArgument);
        redirects.add(new Redirect(caller, call, frameArgument, call.getOpcode(), call.desc));
        call.setOpcode(call.getOpcode() == INVOKESTATIC ? INVOKESTATIC : INVOKESPECIAL);
        call.desc = target.desc;
      }
    }
    return redirects;
  }

  private static boolean bindsExactly(MethodInsnNode call, boolean isPrivate) {
    return call.getOpcode() == INVOKESTATIC
        || (isPrivate && (call.getOpcode() == INVOKESPECIAL || call.getOpcode() == INVOKEVIRTUAL));
  }
}
