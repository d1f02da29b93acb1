package dev.spindle.agent.transform.analysis;

import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The verifier type of an object created by {@code newInstruction} whose constructor has not run
 * yet. Identified by the {@code NEW} instruction itself, not by a label, so that frames read from
 * the class file and types computed from instructions compare equal.
 */
public record Uninitialized(TypeInsnNode newInstruction) {
  @Override
  public boolean equals(Object other) {
    return other instanceof Uninitialized u && u.newInstruction == newInstruction;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(newInstruction);
  }
}
