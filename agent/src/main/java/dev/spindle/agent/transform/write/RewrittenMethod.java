package dev.spindle.agent.transform.write;

import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * One rewritten {@code @Async} method: what replaced the original in its class.
 *
 * @param original the method as read, no longer in the class
 * @param forwarder the method with the original's declaration, in the original's place
 * @param stateMachine the private synthetic method holding the rewritten body
 * @param bridge the static resume bridge, or {@code null} for a method without awaits
 */
public record RewrittenMethod(MethodNode original, MethodNode forwarder,
    MethodNode stateMachine, MethodNode bridge) {

  /** Puts the original back where the forwarder is, and removes what the rewrite added. */
  void undo(ClassNode owner) {
    owner.methods.set(owner.methods.indexOf(forwarder), original);
    owner.methods.remove(stateMachine);
    if (bridge != null) {
      owner.methods.remove(bridge);
    }
  }
}
