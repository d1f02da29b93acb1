package dev.spindle.agent;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The names of the methods a class file declares {@code @Async}, read without their code: only
 * for a class the agent skips, to say so (a mention of the annotation alone is no method).
 */
final class DeclaredAsyncMethods extends ClassVisitor {
  private static final String ASYNC = "Ldev/spindle/Async;";

  private final List<String> names = new ArrayList<>();

  private DeclaredAsyncMethods() {
    super(Opcodes.ASM9);
  }

  /** The {@code @Async} methods' names in declaration order; none if the file is unreadable. */
  static List<String> of(byte[] classFile) {
    DeclaredAsyncMethods visitor = new DeclaredAsyncMethods();
    try {
      new ClassReader(classFile).accept(visitor,
          ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    } catch (RuntimeException unreadable) {
      return List.of(); // the JVM will reject the class itself, and say why
    }
    return visitor.names;
  }

  @Override
  public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
      String[] exceptions) {
    return new MethodVisitor(Opcodes.ASM9) {
      @Override
      public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
        if (annotation.equals(ASYNC) && !names.contains(name)) {
          names.add(name);
        }
        return null;
      }
    };
  }
}
