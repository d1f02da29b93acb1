package dev.spindle.bench.agent;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes the class file javac would produce for a class with {@code count} methods like
 *
 * <pre>{@code
 * @Async static Task<Integer> sumN(Task<Integer> task) {
 *   int sum = 0;
 *   for (int i = 0; i < 3; i++) {
 *     sum += await(task);
 *   }
 *   return Task.completed(sum);
 * }
 * }</pre>
 *
 * so the agent benchmark can feed the transformer classes of any size without compiling them.
 * With {@code annotated == false} the same methods carry no {@code @Async} and read the task with
 * {@code task.resultNow()} instead of {@code await(task)}: a class like every library class, which
 * the agent must pass over (a class that calls {@code await} outside {@code @Async} is parsed, so
 * that the mistake is reported at load).
 */
final class AsyncClassGenerator {
  private static final String TASK = "dev/spindle/Task";
  private static final String TASK_DESCRIPTOR = "(L" + TASK + ";)L" + TASK + ";";

  private AsyncClassGenerator() {}

  static byte[] generate(String internalName, int count, boolean annotated) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
    writer.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, internalName, null, "java/lang/Object",
        null);
    writer.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
    MethodVisitor constructor = writer.visitMethod(ACC_PRIVATE, "<init>", "()V", null, null);
    constructor.visitCode();
    constructor.visitVarInsn(ALOAD, 0);
    constructor.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    constructor.visitInsn(RETURN);
    constructor.visitMaxs(0, 0);
    constructor.visitEnd();
    for (int m = 0; m < count; m++) {
      writeMethod(writer, "sum" + m, annotated, 10 + m * 10);
    }
    writer.visitEnd();
    return writer.toByteArray();
  }

  private static void writeMethod(ClassWriter writer, String name, boolean annotated, int line) {
    MethodVisitor method = writer.visitMethod(ACC_STATIC, name, TASK_DESCRIPTOR,
        "(L" + TASK + "<Ljava/lang/Integer;>;)L" + TASK + "<Ljava/lang/Integer;>;", null);
    if (annotated) {
      method.visitAnnotation("Ldev/spindle/Async;", true).visitEnd();
    }
    method.visitCode();
    Label start = new Label();
    method.visitLabel(start);
    method.visitLineNumber(line, start);
    method.visitInsn(ICONST_0);
    method.visitVarInsn(ISTORE, 1); // sum
    method.visitInsn(ICONST_0);
    method.visitVarInsn(ISTORE, 2); // i
    Label test = new Label();
    Label body = new Label();
    method.visitJumpInsn(GOTO, test);
    method.visitLabel(body);
    method.visitLineNumber(line + 2, body);
    method.visitVarInsn(ILOAD, 1);
    method.visitVarInsn(ALOAD, 0);
    if (annotated) {
      method.visitMethodInsn(INVOKESTATIC, "dev/spindle/Await", "await",
          "(L" + TASK + ";)Ljava/lang/Object;", false);
    } else {
      method.visitMethodInsn(INVOKEVIRTUAL, TASK, "resultNow", "()Ljava/lang/Object;", false);
    }
    method.visitTypeInsn(CHECKCAST, "java/lang/Integer");
    method.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
    method.visitInsn(IADD);
    method.visitVarInsn(ISTORE, 1);
    method.visitIincInsn(2, 1);
    method.visitLabel(test);
    method.visitVarInsn(ILOAD, 2);
    method.visitInsn(ICONST_3);
    method.visitJumpInsn(IF_ICMPLT, body);
    Label end = new Label();
    method.visitLabel(end);
    method.visitLineNumber(line + 4, end);
    method.visitVarInsn(ILOAD, 1);
    method.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;",
        false);
    method.visitMethodInsn(INVOKESTATIC, TASK, "completed", "(Ljava/lang/Object;)L" + TASK + ";",
        false);
    method.visitInsn(ARETURN);
    method.visitMaxs(0, 0);
    method.visitEnd();
  }
}
