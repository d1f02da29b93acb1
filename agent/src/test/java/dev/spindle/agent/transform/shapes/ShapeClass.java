package dev.spindle.agent.transform.shapes;

import static org.objectweb.asm.Opcodes.*;

import java.util.Map;
import java.util.function.Consumer;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes a class of shape methods, {@code @Async public static Task name(Source, Trace)} each,
 * with ASM. Its stack map frames are computed by ASM here, in the test (the agent never computes
 * frames): every merge in the shapes is of equal types, or of references that meet at Object.
 */
public final class ShapeClass {
  private ShapeClass() {}

  /**
   * @param internalName the class's name, with slashes
   * @param awaitOwner {@code dev/spindle/Await} for the copy to rewrite, {@link Joined} for the
   *     reference copy
   * @param methods each method's name and body
   */
  public static byte[] write(String internalName, String awaitOwner,
      Map<String, Consumer<ShapeCode>> methods) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
      @Override
      protected String getCommonSuperClass(String first, String second) {
        return "java/lang/Object";
      }
    };
    writer.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, internalName, null, "java/lang/Object",
        null);
    writer.visitSource(internalName.substring(internalName.lastIndexOf('/') + 1) + ".java", null);
    methods.forEach((name, body) -> {
      MethodVisitor method = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, name,
          "(L" + ShapeCode.SOURCE + ";L" + ShapeCode.TRACE + ";)L" + ShapeCode.TASK + ";", null,
          null);
      method.visitAnnotation("Ldev/spindle/Async;", true).visitEnd();
      method.visitCode();
      org.objectweb.asm.Label start = new org.objectweb.asm.Label();
      method.visitLabel(start);
      method.visitLineNumber(10, start);
      body.accept(new ShapeCode(method, awaitOwner));
      method.visitMethodInsn(INVOKESTATIC, ShapeCode.TASK, "completed",
          "(Ljava/lang/Object;)L" + ShapeCode.TASK + ";", false);
      method.visitInsn(ARETURN);
      method.visitMaxs(0, 0);
      method.visitEnd();
    });
    writer.visitEnd();
    return writer.toByteArray();
  }

  /** Every {@link Shape}, each as a method named after it. */
  public static Map<String, Consumer<ShapeCode>> allShapes() {
    Map<String, Consumer<ShapeCode>> methods = new java.util.LinkedHashMap<>();
    for (Shape shape : Shape.values()) {
      methods.put(shape.name(), shape::write);
    }
    return methods;
  }
}
