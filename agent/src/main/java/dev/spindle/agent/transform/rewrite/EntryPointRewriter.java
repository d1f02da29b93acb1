package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import java.util.ArrayList;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * The two small methods around a state machine: the forwarder that keeps the {@code @Async}
 * method's own signature (callers, reflection and annotations see no change) and the static
 * resume bridge its resumer calls; and the state machine's own signature.
 */
public final class EntryPointRewriter {
  private EntryPointRewriter() {}

  /**
   * The state machine's descriptor: the original parameters, then the frame; it returns
   * {@code Task} whatever the method returns ({@code CompletableFuture}, {@code CompletionStage}).
   */
  public static String stateMachineDescriptor(String descriptor) {
    Type[] parameters = Type.getArgumentTypes(descriptor);
    Type[] withFrame = java.util.Arrays.copyOf(parameters, parameters.length + 1);
    withFrame[parameters.length] = Type.getType(Names.FRAME_DESCRIPTOR);
    return Type.getMethodDescriptor(Type.getObjectType(Names.TASK), withFrame);
  }

  /**
   * Before the rewrite, in a copy of a method declared to return {@code CompletableFuture} or
   * {@code CompletionStage}: every {@code areturn} returns {@code Task.from(future)} instead, so
   * the body returns a task as the state machine does (a {@code null} future fails the task with
   * the {@code NullPointerException} of {@code Task.from}). No frame changes: the value is only
   * on the stack between the call and the return.
   */
  public static void returnTasks(MethodNode method) {
    for (var node : method.instructions.toArray()) {
      if (node.getOpcode() == ARETURN) {
        method.instructions.insertBefore(node, Instructions.call(Names.TASK_FROM));
      }
    }
    method.desc = Type.getMethodDescriptor(Type.getObjectType(Names.TASK),
        Type.getArgumentTypes(method.desc));
  }

  /**
   * The forwarder: a copy of {@code original}'s declaration (flags, annotations, parameters)
   * whose body calls the state machine with a {@code null} frame (and, for a method declared to
   * return a future, returns {@code task.toCompletableFuture()}). Call before
   * {@link #makeStateMachine} changes {@code original}.
   */
  public static MethodNode forwarder(String owner, boolean ownerIsInterface, MethodNode original) {
    MethodNode forwarder = new MethodNode(original.access, original.name, original.desc,
        original.signature, original.exceptions.toArray(new String[0]));
    forwarder.visibleAnnotations = original.visibleAnnotations;
    forwarder.invisibleAnnotations = original.invisibleAnnotations;
    forwarder.visibleTypeAnnotations = original.visibleTypeAnnotations;
    forwarder.invisibleTypeAnnotations = original.invisibleTypeAnnotations;
    forwarder.visibleParameterAnnotations = original.visibleParameterAnnotations;
    forwarder.invisibleParameterAnnotations = original.invisibleParameterAnnotations;
    forwarder.visibleAnnotableParameterCount = original.visibleAnnotableParameterCount;
    forwarder.invisibleAnnotableParameterCount = original.invisibleAnnotableParameterCount;
    forwarder.parameters = original.parameters;
    forwarder.attrs = original.attrs;
    boolean isStatic = (original.access & ACC_STATIC) != 0;
    InsnList code = forwarder.instructions;
    LabelNode start = new LabelNode();
    code.add(start);
    LineNumberNode firstLine = firstLineNode(original);
    if (firstLine != null) {
      code.add(new LineNumberNode(firstLine.line, start));
    }
    int slot = 0;
    if (!isStatic) {
      code.add(new VarInsnNode(ALOAD, slot++));
    }
    for (Type parameter : Type.getArgumentTypes(original.desc)) {
      code.add(new VarInsnNode(parameter.getOpcode(ILOAD), slot));
      slot += parameter.getSize();
    }
    code.add(new InsnNode(ACONST_NULL));
    code.add(callStateMachine(owner, ownerIsInterface, original));
    if (Names.returnsFuture(original.desc)) {
      code.add(Instructions.call(Names.TASK_TO_FUTURE));
    }
    code.add(new InsnNode(ARETURN));
    forwarder.maxLocals = slot;
    forwarder.maxStack = slot + 1;
    return forwarder;
  }

  /** The static bridge {@code (AsyncFrame)V} the resumer calls to re-enter the state machine. */
  public static MethodNode bridge(String owner, boolean ownerIsInterface, MethodNode original,
      String bridgeName) {
    MethodNode bridge = new MethodNode(ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC, bridgeName,
        ResumeLink.BRIDGE_DESCRIPTOR, null, null);
    InsnList code = bridge.instructions;
    if ((original.access & ACC_STATIC) == 0) {
      code.add(new VarInsnNode(ALOAD, 0));
      code.add(Instructions.get(Names.FRAME_REFS));
      code.add(new InsnNode(ICONST_0));
      code.add(new InsnNode(AALOAD));
      code.add(new TypeInsnNode(CHECKCAST, owner));
    }
    for (Type parameter : Type.getArgumentTypes(original.desc)) {
      code.add(new InsnNode(defaultOf(parameter)));
    }
    code.add(new VarInsnNode(ALOAD, 0));
    code.add(callStateMachine(owner, ownerIsInterface, original));
    code.add(new InsnNode(POP));
    code.add(new InsnNode(RETURN));
    bridge.maxLocals = 1;
    bridge.maxStack = 2 * Type.getArgumentTypes(original.desc).length + 2;
    return bridge;
  }

  /** Turns {@code method} (its body already rewritten) into the private synthetic state machine. */
  public static void makeStateMachine(MethodNode method) {
    method.desc = stateMachineDescriptor(method.desc);
    method.access = ACC_PRIVATE | ACC_SYNTHETIC | (method.access & (ACC_STATIC | ACC_STRICT));
    method.signature = null;
    method.visibleAnnotations = null;
    method.invisibleAnnotations = null;
    method.visibleTypeAnnotations = null;
    method.invisibleTypeAnnotations = null;
    method.visibleParameterAnnotations = null;
    method.invisibleParameterAnnotations = null;
    method.visibleAnnotableParameterCount = 0;
    method.invisibleAnnotableParameterCount = 0;
    method.parameters = null;
    method.annotationDefault = null;
    method.attrs = new ArrayList<>();
  }

  private static MethodInsnNode callStateMachine(String owner, boolean ownerIsInterface,
      MethodNode original) {
    boolean isStatic = (original.access & ACC_STATIC) != 0;
    return new MethodInsnNode(isStatic ? INVOKESTATIC : INVOKESPECIAL, owner, original.name,
        stateMachineDescriptor(original.desc), ownerIsInterface);
  }

  private static LineNumberNode firstLineNode(MethodNode method) {
    for (var node : method.instructions) {
      if (node instanceof LineNumberNode line) {
        return line;
      }
    }
    return null;
  }

  private static int defaultOf(Type type) {
    switch (type.getSort()) {
      case Type.LONG:
        return LCONST_0;
      case Type.FLOAT:
        return FCONST_0;
      case Type.DOUBLE:
        return DCONST_0;
      case Type.OBJECT:
      case Type.ARRAY:
        return ACONST_NULL;
      default:
        return ICONST_0;
    }
  }
}
