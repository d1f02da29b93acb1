package dev.spindle.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Strict mode's hard error: gives a class a static initializer that throws
 * {@code java.lang.Error(message)}, so that the first use of the class fails with the refusal's
 * full text (later uses fail with {@link NoClassDefFoundError} naming it as the cause).
 *
 * <p>Throwing from a {@link java.lang.instrument.ClassFileTransformer} would not do: the JVM
 * swallows such exceptions and loads the class untouched. An {@code Error} (not an exception) is
 * thrown so that it reaches the caller as is, not wrapped in {@link ExceptionInInitializerError}.
 */
final class FailingInitializerRewriter {
  /** Keeps the message within a class file constant (65,535 bytes of modified UTF-8). */
  static final int MAX_MESSAGE_CHARS = 16_000;

  private FailingInitializerRewriter() {}

  /** {@code classFile} with its static initializer replaced by one that throws. */
  static byte[] rewrite(byte[] classFile, String message) {
    String text = message.length() <= MAX_MESSAGE_CHARS ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + " [... cut; the agent's log has it whole]";
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ReplaceInitializer(writer, text), 0);
    return writer.toByteArray();
  }

  private static final class ReplaceInitializer extends ClassVisitor {
    private final String message;

    ReplaceInitializer(ClassVisitor next, String message) {
      super(Opcodes.ASM9, next);
      this.message = message;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
        String[] exceptions) {
      if (name.equals("<clinit>")) {
        return null; // dropped: the class never gets to run it
      }
      return super.visitMethod(access, name, descriptor, signature, exceptions);
    }

    @Override
    public void visitEnd() {
      MethodVisitor initializer =
          super.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
      initializer.visitCode();
      initializer.visitTypeInsn(Opcodes.NEW, "java/lang/Error");
      initializer.visitInsn(Opcodes.DUP);
      initializer.visitLdcInsn(message);
      initializer.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Error", "<init>",
          "(Ljava/lang/String;)V", false);
      initializer.visitInsn(Opcodes.ATHROW);
      initializer.visitMaxs(3, 0);
      initializer.visitEnd();
      super.visitEnd();
    }
  }
}
