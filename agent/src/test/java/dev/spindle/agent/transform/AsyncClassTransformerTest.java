package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.corpus.BasicsCorpus;
import dev.spindle.agent.transform.support.Bytecode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

class AsyncClassTransformerTest {
  private final AsyncClassTransformer transformer = new AsyncClassTransformer(
      TransformOptions.DEFAULT);

  @Test
  void a_class_that_mentions_neither_async_nor_await_is_rejected_before_parsing() {
    byte[] plain = Bytecode.bytesOf(AsyncClassTransformerTest.class);
    assertEquals(new TransformResult(null, List.of()),
        transformer.transform("x/Plain", plain));
    byte[] notEvenAClass = "neither mark here".getBytes();
    assertNull(transformer.transform("x/Junk", notEvenAClass).rewritten(),
        "the byte search runs before any parsing");
  }

  @Test
  void a_rewritten_class_is_not_rewritten_twice() {
    byte[] once = transformer.transform("x", Bytecode.bytesOf(BasicsCorpus.class)).rewritten();
    assertNotNull(once);
    TransformResult twice = transformer.transform("x", once);
    assertNull(twice.rewritten());
    assertEquals(List.of(), twice.refusals());
  }

  @Test
  void async_on_a_constructor_is_refused_and_the_constructor_throws_the_message()
      throws Exception {
    byte[] generated = generated(V17, "gen/WithAsyncConstructor", "<init>", "()V", true);
    TransformResult result = transformer.transform("gen/WithAsyncConstructor", generated);
    String message = "@Async on constructor gen.WithAsyncConstructor.<init>()"
        + " (WithAsyncConstructor.java:3): a constructor cannot suspend; move the asynchronous"
        + " work into a static @Async factory method";
    assertEquals(List.of(new Refusal("gen.WithAsyncConstructor", "<init>", "()V", 3, message)),
        result.refusals());
    // Not loaded here: a self-attached agent (other tests of this module install one) would
    // refuse the class again and, in strict mode, poison it. Its bytes say enough.
    var node = new org.objectweb.asm.tree.ClassNode();
    new org.objectweb.asm.ClassReader(result.rewritten()).accept(node, 0);
    var constructor = Bytecode.method(node, "<init>");
    List<Object> body = new java.util.ArrayList<>();
    for (var instruction : constructor.instructions) {
      if (instruction instanceof org.objectweb.asm.tree.LdcInsnNode constant) {
        body.add(constant.cst);
      } else if (instruction.getOpcode() >= 0) {
        body.add(instruction.getOpcode());
      }
    }
    assertEquals(List.of(NEW, DUP, message, INVOKESPECIAL, ATHROW), body);
    dev.spindle.agent.transform.support.TransformingClassLoader.check("gen.WithAsyncConstructor",
        result.rewritten(), getClass().getClassLoader());
  }

  @Test
  void every_written_class_carries_the_rewritten_mark_and_no_compiled_class_does() {
    byte[] original = Bytecode.bytesOf(BasicsCorpus.class);
    assertEquals(List.of(), attributes(original));
    byte[] once = transformer.transform("x", original).rewritten();
    assertEquals(List.of("dev.spindle.Rewritten"), attributes(once));
  }

  /** No state machine to see there: the mark alone says it was written by the rewriter. */
  @Test
  void a_class_whose_every_async_method_was_refused_is_known_by_its_mark() {
    byte[] refused = transformer.transform("gen/WithAsyncConstructor", generated(V17,
        "gen/WithAsyncConstructor", "<init>", "()V", true)).rewritten();
    assertNotNull(refused);
    TransformResult again = transformer.transform("gen/WithAsyncConstructor", refused);
    assertNull(again.rewritten());
    assertEquals(List.of(), again.refusals());
  }

  /** The class attributes ASM does not know itself, by name. */
  private static List<String> attributes(byte[] classFile) {
    var node = new org.objectweb.asm.tree.ClassNode();
    new org.objectweb.asm.ClassReader(classFile).accept(node, 0);
    return node.attrs == null ? List.of() : node.attrs.stream().map(a -> a.type).toList();
  }

  @Test
  void a_class_whose_async_methods_never_await_is_not_rewritten_twice() {
    byte[] once = transformer.transform("gen/NoAwait", generated(V17, "gen/NoAwait", "run",
        "()Ldev/spindle/Task;", false)).rewritten();
    assertNotNull(once);
    assertNull(transformer.transform("gen/NoAwait", once).rewritten());
  }

  @Test
  void a_class_file_older_than_version_50_is_refused_loudly() {
    byte[] generated = generated(V1_5, "gen/Old", "run", "()Ldev/spindle/Task;", false);
    TransformResult result = transformer.transform("gen/Old", generated);
    assertEquals(1, result.refusals().size());
    assertEquals("@Async method gen.Old.run() (Old.java:3) is in a class file of version 49"
        + " without stack map frames: Spindle rewrites class files from version 50 (Java 6)"
        + " on; recompile with --release 8 or later", result.refusals().get(0).message());
  }

  @Test
  void a_version_50_method_that_branches_without_frames_is_refused_too() {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS); // frames left out
    writer.visit(V1_6, ACC_PUBLIC, "gen/Six", null, "java/lang/Object", null);
    writer.visitSource("Six.java", null);
    MethodVisitor method = writer.visitMethod(ACC_PUBLIC | ACC_STATIC, "run",
        "(Z)Ldev/spindle/Task;", null, null);
    method.visitAnnotation(Names.ASYNC_DESCRIPTOR, true).visitEnd();
    method.visitCode();
    org.objectweb.asm.Label other = new org.objectweb.asm.Label();
    method.visitVarInsn(ILOAD, 0);
    method.visitJumpInsn(IFEQ, other);
    method.visitLabel(other);
    method.visitInsn(ACONST_NULL);
    method.visitInsn(ARETURN);
    method.visitMaxs(0, 0);
    method.visitEnd();
    writer.visitEnd();
    TransformResult result = transformer.transform("gen/Six", writer.toByteArray());
    assertEquals(1, result.refusals().size());
    assertTrue(result.refusals().get(0).message().contains("is in a class file of version 50"
        + " without stack map frames"), result.refusals().get(0).message());
  }

  @Test
  void a_rewritten_class_has_forwarder_state_machine_and_resume_bridge() {
    byte[] bytes = transformer.transform("x", Bytecode.bytesOf(BasicsCorpus.class)).rewritten();
    var node = new org.objectweb.asm.tree.ClassNode();
    new org.objectweb.asm.ClassReader(bytes).accept(node, 0);
    List<String> addTwo = node.methods.stream().filter(m -> m.name.startsWith("addTwo"))
        .map(m -> m.name + m.desc + " " + (m.access & (ACC_PRIVATE | ACC_SYNTHETIC | ACC_STATIC)))
        .toList();
    assertEquals(List.of(
        "addTwo(Ldev/spindle/agent/transform/support/Source;I)Ldev/spindle/Task; 8",
        "addTwo(Ldev/spindle/agent/transform/support/Source;ILdev/spindle/internal/frame/AsyncFrame;)"
            + "Ldev/spindle/Task; " + (ACC_PRIVATE | ACC_SYNTHETIC | ACC_STATIC),
        "addTwo$spindle$resume(Ldev/spindle/internal/frame/AsyncFrame;)V "
            + (ACC_PRIVATE | ACC_SYNTHETIC | ACC_STATIC)), addTwo);
    assertTrue(node.methods.stream().noneMatch(m -> m.name.equals("noAwait$spindle$resume")),
        "a method that never suspends needs no bridge");
  }

  /** A class whose one method, {@code name}, is @Async and throws at line 3. */
  private static byte[] generated(int version, String internalName, String name,
      String descriptor, boolean isConstructor) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    writer.visit(version, ACC_PUBLIC, internalName, null, "java/lang/Object", null);
    writer.visitSource(internalName.substring(internalName.indexOf('/') + 1) + ".java", null);
    MethodVisitor method = writer.visitMethod(ACC_PUBLIC | (isConstructor ? 0 : ACC_STATIC),
        name, descriptor, null, null);
    method.visitAnnotation(Names.ASYNC_DESCRIPTOR, true).visitEnd();
    method.visitCode();
    org.objectweb.asm.Label start = new org.objectweb.asm.Label();
    method.visitLabel(start);
    method.visitLineNumber(3, start);
    if (isConstructor) {
      method.visitVarInsn(ALOAD, 0);
      method.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
      method.visitInsn(RETURN);
    } else {
      method.visitInsn(ACONST_NULL);
      method.visitInsn(ARETURN);
    }
    method.visitMaxs(0, 0);
    method.visitEnd();
    writer.visitEnd();
    return writer.toByteArray();
  }

}
