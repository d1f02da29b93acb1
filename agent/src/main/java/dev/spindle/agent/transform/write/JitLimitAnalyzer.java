package dev.spindle.agent.transform.write;

import dev.spindle.agent.transform.Notice;
import dev.spindle.agent.transform.scan.AsyncLambdas;
import dev.spindle.agent.transform.scan.SourcePlace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.tree.ClassNode;

/**
 * Finds the state machines that the rewrite pushed over HotSpot's {@code HugeMethodLimit}: a
 * method of more than 8,000 bytes of bytecode is never compiled by the JIT (with the default
 * {@code -XX:+DontCompileHugeMethods}), so a handler that was compiled before the agent would
 * silently run interpreted after it. Reads the two class files; changes nothing.
 */
public final class JitLimitAnalyzer {
  /** HotSpot's {@code HugeMethodLimit}, in bytes of bytecode. */
  public static final int HUGE_METHOD_LIMIT = 8000;

  private JitLimitAnalyzer() {}

  /** A notice for each rewritten method whose original fits the limit and state machine not. */
  public static List<Notice> notices(ClassNode owner, List<RewrittenMethod> rewritten,
      byte[] originalClassFile, byte[] writtenClassFile) {
    List<Notice> notices = new ArrayList<>();
    if (writtenClassFile == null || rewritten.isEmpty()) {
      return notices;
    }
    Map<String, Integer> originals = CodeLengths.all(originalClassFile);
    Map<String, Integer> written = CodeLengths.all(writtenClassFile);
    for (RewrittenMethod method : rewritten) {
      int original = originals.getOrDefault(method.original().name + method.original().desc, -1);
      int stateMachine = written.getOrDefault(
          method.stateMachine().name + method.stateMachine().desc, -1);
      if (original >= 0 && original <= HUGE_METHOD_LIMIT && stateMachine > HUGE_METHOD_LIMIT) {
        SourcePlace place = SourcePlace.of(owner, method.original());
        notices.add(new Notice(place.className(), method.original().name,
            method.original().desc, (AsyncLambdas.looksLikeLambdaBody(method.original())
                ? "async lambda " : "@Async method ") + place.methodDisplay() + " "
                + place.sourceDisplay() + " is " + original + " bytes of bytecode, and its state"
                + " machine " + stateMachine + " bytes, over HotSpot's limit of "
                + HUGE_METHOD_LIMIT + " for compiling a method (HugeMethodLimit): it will run"
                + " interpreted; split it into smaller @Async methods, or run with"
                + " -XX:-DontCompileHugeMethods"));
      }
    }
    return notices;
  }
}
