package dev.spindle.agent.transform;

import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

/**
 * The empty class attribute {@value Names#REWRITTEN_ATTRIBUTE} on every class the rewriter
 * writes, so that a class woven at build time and then loaded under the agent is recognised by
 * what the rewriter itself emitted, never by the names it mentions (user code may name any
 * runtime type).
 */
final class RewrittenMark extends Attribute {
  private RewrittenMark() {
    super(Names.REWRITTEN_ATTRIBUTE);
  }

  /** Marks {@code owner}, once. */
  static void addTo(ClassNode owner) {
    if (!isOn(owner)) {
      if (owner.attrs == null) {
        owner.attrs = new java.util.ArrayList<>();
      }
      owner.attrs.add(new RewrittenMark());
    }
  }

  /** Whether {@code owner}, as read, carries the mark (ASM keeps unknown attributes by type). */
  static boolean isOn(ClassNode owner) {
    return owner.attrs != null
        && owner.attrs.stream().anyMatch(a -> a.type.equals(Names.REWRITTEN_ATTRIBUTE));
  }

  @Override
  protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack,
      int maxLocals) {
    return new ByteVector(0);
  }
}
