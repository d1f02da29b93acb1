package dev.spindle.agent.transform.support;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import java.util.Arrays;
import java.util.function.Consumer;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * A class file built with ASM for the rewriter's failure tests: {@code @Async} methods of shapes
 * javac would not write (or only with much source), beside an ordinary one. Each method starts
 * at its own source line, given by the caller.
 */
public final class GeneratedAsyncClass {
  private static final String TASK = "dev/spindle/Task";
  private static final String INTEGER_CLASS = "java/lang/Integer";

  private final ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
  private final String internalName;

  public GeneratedAsyncClass(String internalName) {
    this.internalName = internalName;
    writer.visit(V17, ACC_PUBLIC | ACC_SUPER, internalName, null, "java/lang/Object", null);
    writer.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java",
        null);
    MethodVisitor init = writer.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
  }

  /** {@code count} static int fields, each of which takes one constant (its name). */
  public GeneratedAsyncClass fields(int count) {
    for (int i = 0; i < count; i++) {
      writer.visitField(ACC_PUBLIC | ACC_STATIC, "f" + i, "I", null, null).visitEnd();
    }
    return this;
  }

  /**
   * {@code static Task<Integer> name(Task<Integer> task, int... n)} ({@code ints} of them after
   * the task, or an instance method): {@code await(task) + 1 + n[ints-1]}.
   */
  public GeneratedAsyncClass plusOne(String name, int line, boolean isStatic, int ints) {
    String descriptor = "(L" + TASK + ";" + "I".repeat(ints) + ")L" + TASK + ";";
    MethodVisitor method = async(name, descriptor, line, isStatic);
    int first = isStatic ? 0 : 1;
    method.visitVarInsn(ALOAD, first);
    awaitInt(method);
    method.visitInsn(ICONST_1);
    method.visitInsn(IADD);
    if (ints > 0) {
      method.visitVarInsn(ILOAD, first + ints);
      method.visitInsn(IADD);
    }
    returnInt(method);
    return this;
  }

  /**
   * {@code static Task<Integer> name(Task<Integer> task)} whose code is {@code bytes} long as
   * written: {@code n = await(task)}, then {@code n++} as many times as fit, then {@code n}. The
   * await's suspension code goes after all of it, so its jump spans the method.
   */
  public GeneratedAsyncClass longAfterAwait(String name, int line, int bytes) {
    MethodVisitor method = async(name, "(L" + TASK + ";)L" + TASK + ";", line, true);
    method.visitVarInsn(ALOAD, 0);
    awaitInt(method);
    method.visitVarInsn(ISTORE, 1);
    int fixed = 19; // the rest of this method's code
    if ((bytes - fixed) % 3 != 0) {
      throw new IllegalArgumentException("bytes - 19 must be a multiple of 3: " + bytes);
    }
    for (int i = 0; i < (bytes - fixed) / 3; i++) {
      method.visitIincInsn(1, 1);
    }
    method.visitVarInsn(ILOAD, 1);
    returnInt(method);
    return this;
  }

  /**
   * {@code static Task<Integer> name(Task<Integer> task)}: {@code n = await(task)}, then
   * {@code count} string constants of its own, each loaded and dropped, then {@code n}. Its
   * constants go from the class when the method is refused (its body then only throws).
   */
  public GeneratedAsyncClass ownConstants(String name, int line, int count) {
    MethodVisitor method = async(name, "(L" + TASK + ";)L" + TASK + ";", line, true);
    method.visitVarInsn(ALOAD, 0);
    awaitInt(method);
    method.visitVarInsn(ISTORE, 1);
    for (int i = 0; i < count; i++) {
      method.visitLdcInsn(name + " constant " + i);
      method.visitInsn(POP);
    }
    method.visitVarInsn(ILOAD, 1);
    returnInt(method);
    return this;
  }

  /**
   * {@code static Task<Object> name(int flag)}: {@code locals} int locals and {@code frames}
   * branch targets, each with a stack map frame naming every local (12 MB of frames in ASM's
   * writer for 1000 by 3000, over its 10 MB; 16 KB of code).
   */
  public GeneratedAsyncClass manyFrames(String name, int line, int locals, int frames) {
    return manyFrames(async(name, "(I)L" + TASK + ";", line, true), locals, frames);
  }

  /** The same method without {@code @Async}: one the rewriter leaves as it is. */
  public GeneratedAsyncClass plainManyFrames(String name, int locals, int frames) {
    MethodVisitor method = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, name, "(I)L" + TASK + ";",
        null, null);
    method.visitCode();
    return manyFrames(method, locals, frames);
  }

  private GeneratedAsyncClass manyFrames(MethodVisitor method, int locals, int frames) {
    for (int slot = 1; slot < locals; slot++) {
      method.visitInsn(ICONST_0);
      method.visitVarInsn(ISTORE, slot);
    }
    Object[] types = new Object[locals];
    Arrays.fill(types, INTEGER);
    Label start = new Label();
    method.visitJumpInsn(GOTO, start);
    method.visitLabel(start);
    method.visitFrame(F_FULL, locals, types, 0, new Object[0]);
    for (int i = 0; i < frames; i++) {
      Label next = new Label();
      method.visitVarInsn(ILOAD, 0);
      method.visitJumpInsn(IFEQ, next);
      method.visitLabel(next);
      method.visitFrame(F_SAME, 0, null, 0, null);
    }
    method.visitInsn(ACONST_NULL);
    method.visitMethodInsn(INVOKESTATIC, TASK, "completed",
        "(Ljava/lang/Object;)L" + TASK + ";", false);
    method.visitInsn(ARETURN);
    method.visitMaxs(0, 0);
    method.visitEnd();
    return this;
  }

  /**
   * {@code static Task<Integer> name(Task<Integer> task)} that pops from an empty operand stack
   * before its await: invalid code, which no analysis can type. It is never run.
   */
  public GeneratedAsyncClass stackUnderflow(String name, int line) {
    MethodVisitor method = async(name, "(L" + TASK + ";)L" + TASK + ";", line, true);
    method.visitInsn(POP);
    method.visitVarInsn(ALOAD, 0);
    awaitInt(method);
    returnInt(method);
    return this;
  }

  /**
   * An {@code @Async} method {@code name descriptor} whose code {@code body} writes, up to and
   * including its return: for shapes the methods above do not make.
   */
  public GeneratedAsyncClass method(String name, String descriptor, int line, boolean isStatic,
      Consumer<MethodVisitor> body) {
    MethodVisitor method = async(name, descriptor, line, isStatic);
    body.accept(method);
    method.visitMaxs(0, 0);
    method.visitEnd();
    return this;
  }

  public byte[] toByteArray() {
    writer.visitEnd();
    return writer.toByteArray();
  }

  public String internalName() {
    return internalName;
  }

  private MethodVisitor async(String name, String descriptor, int line, boolean isStatic) {
    MethodVisitor method = writer.visitMethod(ACC_PUBLIC | (isStatic ? ACC_STATIC : 0), name,
        descriptor, null, null);
    method.visitAnnotation(Names.ASYNC_DESCRIPTOR, true).visitEnd();
    method.visitCode();
    Label start = new Label();
    method.visitLabel(start);
    method.visitLineNumber(line, start);
    return method;
  }

  /** task on the stack, int of its Integer result after. */
  private static void awaitInt(MethodVisitor method) {
    method.visitMethodInsn(INVOKESTATIC, Names.AWAIT, "await", Names.AWAIT_TASK.descriptor(),
        false);
    method.visitTypeInsn(CHECKCAST, INTEGER_CLASS);
    method.visitMethodInsn(INVOKEVIRTUAL, INTEGER_CLASS, "intValue", "()I", false);
  }

  private static void returnInt(MethodVisitor method) {
    method.visitMethodInsn(INVOKESTATIC, INTEGER_CLASS, "valueOf", "(I)Ljava/lang/Integer;",
        false);
    method.visitMethodInsn(INVOKESTATIC, TASK, "completed", "(Ljava/lang/Object;)L" + TASK + ";",
        false);
    method.visitInsn(ARETURN);
    method.visitMaxs(0, 0);
    method.visitEnd();
  }
}
