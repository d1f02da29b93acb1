package dev.spindle.agent.transform.write;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

/**
 * Writes one rewritten method (forwarder, state machine, bridge) into a class of its own, with
 * its owner's name, version and super class and nothing else: it fails where that method fails
 * in its real class, so a failure can be pinned on the one method that causes it.
 */
final class SingleMethodWriter {
  private SingleMethodWriter() {}

  /** The state machine's code length; throws what ASM throws for this method. */
  static int write(ClassNode owner, RewrittenMethod method) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    header(owner, writer);
    method.forwarder().accept(writer);
    method.stateMachine().accept(writer);
    if (method.bridge() != null) {
      method.bridge().accept(writer);
    }
    writer.visitEnd();
    return CodeLengths.of(writer.toByteArray(), method.stateMachine().name,
        method.stateMachine().desc);
  }

  static void header(ClassNode owner, ClassWriter writer) {
    writer.visit(owner.version, owner.access, owner.name, null, owner.superName, null);
  }
}
