package dev.spindle.agent.transform.write;

import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.scan.RefusalMessages;
import dev.spindle.agent.transform.scan.SourcePlace;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.LimitExceededException;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Why ASM could not write one state machine, as a refusal with the sizes a user can act on.
 *
 * <p>What ASM 9.11's {@link ClassWriter} throws for a big method: {@link MethodTooLargeException}
 * from {@code toByteArray} when the code passes the JVM's 65535 bytes (also after it widened
 * jumps over 32 KB to {@code goto_w}, which it does itself in a second pass);
 * {@link LimitExceededException} "Too many allocated bytes" while the method is visited, when its
 * stack map frames take more than 10 MB (frames times locals), and "Too many operations" when
 * {@code COMPUTE_MAXS} walks more than 100 million (block, handler) steps.
 */
final class WriteFailures {
  /** {@code ClassWriter}'s default limits, per method. */
  static final int ASM_FRAME_BYTES = 10_485_760;
  static final long ASM_OPERATIONS = 100_000_000L;
  private static final int JVM_CODE_BYTES = 65_535;

  private WriteFailures() {}

  /** The refusal of {@code method}, whose state machine alone failed to write with {@code failure}. */
  static Refusal refusal(ClassNode owner, RewrittenMethod method, Throwable failure,
      byte[] originalClassFile) {
    SourcePlace place = SourcePlace.of(owner, method.original());
    int originalBytes = CodeLengths.of(originalClassFile, method.original().name,
        method.original().desc);
    int rewrittenBytes = codeBytes(owner, method.stateMachine(), originalClassFile);
    if (failure instanceof MethodTooLargeException tooLarge) {
      return RefusalMessages.tooLarge(place, originalBytes,
          Math.max(rewrittenBytes, tooLarge.getCodeSize()), JVM_CODE_BYTES);
    }
    String sizes = "the method as written has " + originalBytes + " bytes of code, its state"
        + " machine " + rewrittenBytes;
    if (failure instanceof LimitExceededException && "Too many allocated bytes".equals(
        failure.getMessage())) {
      sizes = "its stack map frames take about " + frameBytes(method.stateMachine())
          + " bytes, over ASM's limit of " + ASM_FRAME_BYTES + " per method; " + sizes;
    } else if (failure instanceof LimitExceededException) {
      sizes = "ASM's limit is " + ASM_OPERATIONS + " steps per method, and it has "
          + method.stateMachine().tryCatchBlocks.size() + " exception handlers; " + sizes;
    }
    return RefusalMessages.notWritable(place, failure.toString(), sizes);
  }

  /**
   * The state machine's code length, written without computing anything, in its own class: with
   * that class's constant pool first, so that its {@code ldc} take the width they take there;
   * with a fresh one if that fails (a pool already full); -1 if neither writes.
   */
  static int codeBytes(ClassNode owner, MethodNode stateMachine, byte[] originalClassFile) {
    int inOwnPool = measure(owner, stateMachine, new ClassReader(originalClassFile));
    return inOwnPool >= 0 ? inOwnPool : measure(owner, stateMachine, null);
  }

  private static int measure(ClassNode owner, MethodNode stateMachine, ClassReader pool) {
    try {
      ClassWriter writer = pool == null ? new ClassWriter(0) : new ClassWriter(pool, 0);
      writer.setComputeLimits(Integer.MAX_VALUE, Long.MAX_VALUE); // measured, not analysed
      SingleMethodWriter.header(owner, writer);
      stateMachine.accept(writer);
      return CodeLengths.of(writer.toByteArray(), stateMachine.name, stateMachine.desc);
    } catch (MethodTooLargeException tooLarge) {
      return tooLarge.getCodeSize();
    } catch (RuntimeException unmeasurable) {
      return -1;
    }
  }

  /** What ASM allocates for the frames as it writes them: 16 + 4 (3 + locals + stack) each. */
  static long frameBytes(MethodNode method) {
    long bytes = 0;
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof FrameNode frame) {
        bytes += 16 + 4L * (3 + size(frame.local) + size(frame.stack));
      }
    }
    return bytes;
  }

  private static int size(java.util.List<Object> types) {
    return types == null ? 0 : types.size();
  }
}
