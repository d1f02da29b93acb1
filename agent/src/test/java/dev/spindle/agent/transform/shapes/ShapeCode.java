package dev.spindle.agent.transform.shapes;

import static org.objectweb.asm.Opcodes.*;

import java.util.function.Consumer;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes the body of one shape method {@code static Task run(Source s, Trace t)}: local 0 is the
 * source, 1 the trace, 2 and up are the shape's own. Each call appends the instructions its name
 * says, so a shape reads as its bytecode listing.
 */
public final class ShapeCode {
  static final String BOX = "dev/spindle/agent/transform/shapes/Box";
  static final String TRACE = "dev/spindle/agent/transform/shapes/Trace";
  static final String SOURCE = "dev/spindle/agent/transform/support/Source";
  static final String TASK = "dev/spindle/Task";
  private static final String BOX_INIT = "(L" + TRACE + ";Ljava/lang/Object;Ljava/lang/Object;)V";

  private final MethodVisitor code;
  private final String awaitOwner;

  ShapeCode(MethodVisitor code, String awaitOwner) {
    this.code = code;
    this.awaitOwner = awaitOwner;
  }

  /** {@code NEW Box}. */
  public ShapeCode newBox() {
    code.visitTypeInsn(NEW, BOX);
    return this;
  }

  /** Any instruction without operand: DUP, SWAP, POP, DUP_X1, .... */
  public ShapeCode op(int opcode) {
    code.visitInsn(opcode);
    return this;
  }

  public ShapeCode constant(Object value) {
    code.visitLdcInsn(value);
    return this;
  }

  public ShapeCode load(int slot) {
    code.visitVarInsn(ALOAD, slot);
    return this;
  }

  public ShapeCode store(int slot) {
    code.visitVarInsn(ASTORE, slot);
    return this;
  }

  /** {@code ALOAD 1}: the trace, the constructor's first argument. */
  public ShapeCode trace() {
    return load(1);
  }

  /** Pushes {@code await(s.of(t.note(value)))}: the await under test. */
  public ShapeCode await(String value) {
    code.visitVarInsn(ALOAD, 0);
    code.visitVarInsn(ALOAD, 1);
    code.visitLdcInsn(value);
    code.visitMethodInsn(INVOKEVIRTUAL, TRACE, "note", "(Ljava/lang/Object;)Ljava/lang/Object;",
        false);
    code.visitMethodInsn(INVOKEVIRTUAL, SOURCE, "of", "(Ljava/lang/Object;)L" + TASK + ";", false);
    code.visitMethodInsn(INVOKESTATIC, awaitOwner, "await",
        "(L" + TASK + ";)Ljava/lang/Object;", false);
    return this;
  }

  /** {@code INVOKESPECIAL Box.<init>(Trace, Object, Object)}. */
  public ShapeCode init() {
    code.visitMethodInsn(INVOKESPECIAL, BOX, "<init>", BOX_INIT, false);
    return this;
  }

  /** A static helper of {@link Trace} that turns the values left on the stack into one. */
  public ShapeCode describe(String helper, String descriptor) {
    code.visitMethodInsn(INVOKESTATIC, TRACE, helper, descriptor, false);
    return this;
  }

  /** Pushes {@code flag ? await(value) : otherwise}, with the branch the flag says. */
  public ShapeCode awaitIfFlag(String value, String otherwise) {
    Label no = new Label();
    Label join = new Label();
    code.visitVarInsn(ALOAD, 1);
    code.visitMethodInsn(INVOKEVIRTUAL, TRACE, "flag", "()Z", false);
    code.visitJumpInsn(IFEQ, no);
    await(value);
    code.visitJumpInsn(GOTO, join);
    code.visitLabel(no);
    code.visitLdcInsn(otherwise);
    code.visitLabel(join);
    return this;
  }

  /** {@code IF_ACMPNE} to the very next instruction: a comparison whose outcome is not used. */
  public ShapeCode compareAndGoOn() {
    Label next = new Label();
    code.visitJumpInsn(IF_ACMPNE, next);
    code.visitLabel(next);
    return this;
  }

  /**
   * Runs {@code body} in a try range that catches {@code IllegalStateException} (the injected
   * failure), then {@code after}; a caught failure skips {@code after} and leaves {@code caught}.
   */
  public ShapeCode tryCatch(Consumer<ShapeCode> body, Consumer<ShapeCode> after, String caught) {
    Label start = new Label();
    Label end = new Label();
    Label handler = new Label();
    Label join = new Label();
    code.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
    code.visitLabel(start);
    body.accept(this);
    code.visitLabel(end);
    after.accept(this);
    code.visitJumpInsn(GOTO, join);
    code.visitLabel(handler);
    code.visitInsn(POP);
    code.visitLdcInsn(caught);
    code.visitLabel(join);
    return this;
  }

  /** {@code if (t.flag()) ifTrue else ifFalse}, each leaving the same stack. */
  public ShapeCode ifFlag(Consumer<ShapeCode> ifTrue, Consumer<ShapeCode> ifFalse) {
    Label no = new Label();
    Label join = new Label();
    code.visitVarInsn(ALOAD, 1);
    code.visitMethodInsn(INVOKEVIRTUAL, TRACE, "flag", "()Z", false);
    code.visitJumpInsn(IFEQ, no);
    ifTrue.accept(this);
    code.visitJumpInsn(GOTO, join);
    code.visitLabel(no);
    ifFalse.accept(this);
    code.visitLabel(join);
    return this;
  }
}
