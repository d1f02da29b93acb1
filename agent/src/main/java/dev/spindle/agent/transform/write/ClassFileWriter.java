package dev.spindle.agent.transform.write;

import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.rewrite.DirectCallRewriter;
import dev.spindle.agent.transform.rewrite.RefusedMethodRewriter;
import dev.spindle.agent.transform.scan.RefusalMessages;
import dev.spindle.agent.transform.scan.SourcePlace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

/**
 * Writes a class whose {@code @Async} methods were rewritten, so that a method ASM cannot write
 * costs that method only. The class is written whole first (the usual case, one pass). If that
 * fails, each rewritten method is written alone: one that fails alone is put back as written,
 * refused with the reason and sizes, and given a body that throws them. If the class still fails
 * (a limit of the whole class, such as its constant pool), state machines are left out largest
 * first until it writes, each one refused. A class that fails with none left is reported and
 * loads as it was.
 */
public final class ClassFileWriter {
  private ClassFileWriter() {}

  /**
   * What came of writing: the class file, or {@code null} if the class cannot be written at all;
   * and a refusal for every method that was put back.
   */
  public record WrittenClass(byte[] classFile, List<Refusal> refusals) {
    public WrittenClass {
      refusals = List.copyOf(refusals);
    }
  }

  /**
   * @param owner the class, with {@code rewritten}'s methods in it
   * @param redirects calls between state machines, undone for a method that is put back
   * @param originalClassFile the class as loaded, for the sizes of the methods as written
   */
  public static WrittenClass write(ClassNode owner, List<RewrittenMethod> rewritten,
      List<DirectCallRewriter.Redirect> redirects, byte[] originalClassFile) {
    List<Refusal> refusals = new ArrayList<>();
    try {
      return new WrittenClass(writeClass(owner), refusals);
    } catch (RuntimeException | AssertionError | StackOverflowError whole) {
      // pinned below on the methods that fail alone, or else on the largest
    }
    Map<RewrittenMethod, Integer> sizes = new HashMap<>();
    List<RewrittenMethod> kept = new ArrayList<>();
    for (RewrittenMethod method : rewritten) {
      try {
        sizes.put(method, SingleMethodWriter.write(owner, method));
        kept.add(method);
      } catch (RuntimeException | AssertionError | StackOverflowError alone) {
        putBack(owner, method, redirects);
        refusals.add(refuse(method, WriteFailures.refusal(owner, method, alone,
            originalClassFile)));
      }
    }
    kept.sort(Comparator.comparing(sizes::get, Comparator.reverseOrder()));
    while (true) {
      Throwable failure;
      try {
        return new WrittenClass(writeClass(owner), refusals);
      } catch (RuntimeException | AssertionError | StackOverflowError whole) {
        failure = whole;
      }
      if (kept.isEmpty()) {
        refusals.add(RefusalMessages.classNotWritable(owner.name.replace('/', '.'),
            describe(failure)));
        return new WrittenClass(null, refusals);
      }
      RewrittenMethod largest = kept.remove(0);
      int rewrittenBytes = WriteFailures.codeBytes(owner, largest.stateMachine(),
          originalClassFile);
      putBack(owner, largest, redirects);
      refusals.add(refuse(largest, RefusalMessages.leftOutOfClass(
          SourcePlace.of(owner, largest.original()), describe(failure),
          originalBytes(originalClassFile, largest), rewrittenBytes)));
    }
  }

  /** The whole class's failure; for a constant pool too large, with its size and the limit. */
  private static String describe(Throwable failure) {
    if (failure instanceof ClassTooLargeException tooLarge) {
      return failure + ": its constant pool would need " + tooLarge.getConstantPoolCount()
          + " entries, over the JVM's limit of 65535";
    }
    return failure.toString();
  }

  private static byte[] writeClass(ClassNode owner) {
    ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    owner.accept(writer);
    return writer.toByteArray();
  }

  /** The original method in its place again; calls to its state machine go to it again. */
  private static void putBack(ClassNode owner, RewrittenMethod method,
      List<DirectCallRewriter.Redirect> redirects) {
    method.undo(owner);
    redirects.removeIf(redirect -> {
      boolean toIt = redirect.targets(method.stateMachine());
      if (toIt) {
        redirect.undo(); // after which it no longer targets the state machine
      }
      return toIt;
    });
  }

  /** The refused method, back in its class, throws the refusal's message when called. */
  private static Refusal refuse(RewrittenMethod method, Refusal refusal) {
    RefusedMethodRewriter.throwInstead(method.original(), refusal.message(), refusal.line());
    return refusal;
  }

  private static int originalBytes(byte[] originalClassFile, RewrittenMethod method) {
    return CodeLengths.of(originalClassFile, method.original().name, method.original().desc);
  }
}
