package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.Uninitialized;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The code that replaces a constructor call once every copy of its object has been taken off the
 * stack and out of the locals: the arguments (and any values that sat between copies of the
 * object) go to fresh locals, then {@code NEW C; DUP; load arguments; INVOKESPECIAL C.<init>},
 * then each copy the original code held at the call is put back: on the stack where it was, in
 * each local that held it.
 */
final class ConstructorRebuild {
  private ConstructorRebuild() {}

  /**
   * @param before the original types before {@code constructor}, copies of {@code created}
   *     included
   */
  static InsnList at(MethodInsnNode constructor, Uninitialized created, FrameSnapshot before,
      FreshLocals fresh) {
    List<Object> stack = before.stack();
    int argumentCount = Type.getArgumentTypes(constructor.desc).length;
    int receiver = stack.size() - 1 - argumentCount;
    int lowest = stack.indexOf(created);
    List<Integer> copiesInLocals = new ArrayList<>();
    for (int slot = 0; slot < before.locals().size(); slot++) {
      if (created.equals(before.local(slot))) {
        copiesInLocals.add(slot);
      }
    }
    InsnList code = new InsnList();
    int[] slots = new int[stack.size()];
    for (int i = stack.size() - 1; i >= lowest; i--) { // arguments and values between copies
      if (i != receiver && !created.equals(stack.get(i))) {
        slots[i] = fresh.take(stack.get(i));
        code.add(FreshLocals.store(stack.get(i), slots[i]));
      }
    }
    List<Integer> under = new ArrayList<>(); // what the call leaves on the stack, in order
    for (int i = lowest; i < receiver; i++) {
      under.add(i);
    }
    boolean javacShape = copiesInLocals.isEmpty() && under.size() == 1
        && created.equals(stack.get(under.get(0)));
    code.add(new TypeInsnNode(NEW, created.newInstruction().desc));
    if (!under.isEmpty() || !copiesInLocals.isEmpty()) {
      code.add(new InsnNode(DUP));
    }
    for (int i = receiver + 1; i < stack.size(); i++) {
      code.add(FreshLocals.load(stack.get(i), slots[i]));
    }
    code.add(new MethodInsnNode(INVOKESPECIAL, constructor.owner, constructor.name,
        constructor.desc, constructor.itf));
    if (javacShape || (under.isEmpty() && copiesInLocals.isEmpty())) {
      return code;
    }
    int object = fresh.take(created.newInstruction().desc);
    code.add(new VarInsnNode(ASTORE, object));
    for (int slot : copiesInLocals) {
      code.add(new VarInsnNode(ALOAD, object));
      code.add(new VarInsnNode(ASTORE, slot));
    }
    for (int i : under) {
      code.add(created.equals(stack.get(i)) ? new VarInsnNode(ALOAD, object)
          : FreshLocals.load(stack.get(i), slots[i]));
    }
    return code;
  }
}
