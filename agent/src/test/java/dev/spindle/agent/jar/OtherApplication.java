package dev.spindle.agent.jar;

/**
 * The source of an application that brings its own ASM and Byte Buddy (other versions than the
 * agent's) and has an {@code @Async} method; it prints what it sees, one fact a line.
 */
final class OtherApplication {
  static final String CLASS_NAME = "app.OtherApplication";

  static final String SOURCE = """
      package app;

      import static dev.spindle.Await.await;

      import dev.spindle.Async;
      import dev.spindle.EventLoop;
      import dev.spindle.Promise;
      import dev.spindle.Task;
      import net.bytebuddy.ByteBuddy;
      import net.bytebuddy.implementation.FixedValue;
      import net.bytebuddy.matcher.ElementMatchers;
      import org.objectweb.asm.ClassReader;
      import org.objectweb.asm.ClassWriter;
      import org.objectweb.asm.MethodVisitor;
      import org.objectweb.asm.Opcodes;

      public final class OtherApplication {
        public static void main(String[] arguments) throws Exception {
          System.out.println("asm from " + where(ClassReader.class));
          System.out.println("asm made " + asmMadeValue());
          System.out.println("bytebuddy from " + where(ByteBuddy.class));
          System.out.println("bytebuddy made " + new ByteBuddy().subclass(Object.class)
              .method(ElementMatchers.named("toString")).intercept(FixedValue.value("bb"))
              .make().load(OtherApplication.class.getClassLoader()).getLoaded()
              .getConstructor().newInstance());
          System.out.println("agent installed " + Class.forName("dev.spindle.agent.SpindleAgent")
              .getMethod("isInstalled").invoke(null));
          try {
            int sum = EventLoop.run(() -> {
              Promise<Integer> promise = new Promise<>();
              Task<Integer> task = plusOne(promise.task());
              new Thread(() -> promise.complete(41)).start();
              return task;
            });
            System.out.println("async gave " + sum);
          } catch (IllegalStateException notRewritten) {
            System.out.println("async failed " + notRewritten.getMessage());
          }
        }

        @Async
        static Task<Integer> plusOne(Task<Integer> value) {
          return Task.completed(await(value) + 1);
        }

        static String where(Class<?> type) {
          return type.getProtectionDomain().getCodeSource().getLocation().getPath();
        }

        static Object asmMadeValue() throws Exception {
          ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
          writer.visit(Opcodes.V1_8, Opcodes.ACC_PUBLIC, "app/Made", null, "java/lang/Object",
              null);
          MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
              "value", "()I", null, null);
          method.visitCode();
          method.visitIntInsn(Opcodes.BIPUSH, 42);
          method.visitInsn(Opcodes.IRETURN);
          method.visitMaxs(0, 0);
          method.visitEnd();
          writer.visitEnd();
          byte[] bytes = writer.toByteArray();
          Class<?> made = new ClassLoader(OtherApplication.class.getClassLoader()) {
            Class<?> define() {
              return defineClass("app.Made", bytes, 0, bytes.length);
            }
          }.define();
          return made.getMethod("value").invoke(null);
        }
      }
      """;

  /** The source of an application that installs the agent itself, as a test would. */
  static final String SELF_ATTACHING_CLASS_NAME = "app.SelfAttaching";

  static final String SELF_ATTACHING_SOURCE = """
      package app;

      public final class SelfAttaching {
        public static void main(String[] arguments) throws Exception {
          dev.spindle.agent.SpindleAgent.install();
          dev.spindle.agent.SpindleAgent.install();
          System.out.println("agent installed " + dev.spindle.agent.SpindleAgent.isInstalled());
          OtherApplication.main(arguments);
        }
      }
      """;

  private OtherApplication() {}
}
