package dev.spindle.agent.transform;

import dev.spindle.agent.transform.rewrite.ConstructorCallRewriter;
import dev.spindle.agent.transform.rewrite.DirectCallRewriter;
import dev.spindle.agent.transform.rewrite.AwaitLineTable;
import dev.spindle.agent.transform.rewrite.EntryPointRewriter;
import dev.spindle.agent.transform.rewrite.RefusedAwaitRewriter;
import dev.spindle.agent.transform.rewrite.RefusedMethodRewriter;
import dev.spindle.agent.transform.rewrite.ResumeLink;
import dev.spindle.agent.transform.rewrite.StateMachineRewriter;
import dev.spindle.agent.transform.scan.AsyncMethod;
import dev.spindle.agent.transform.scan.AsyncMethodScanner;
import dev.spindle.agent.transform.scan.ClassScan;
import dev.spindle.agent.transform.scan.RefusalMessages;
import dev.spindle.agent.transform.scan.RefusedMethod;
import dev.spindle.agent.transform.scan.SourcePlace;
import dev.spindle.agent.transform.write.ClassFileWriter;
import dev.spindle.agent.transform.write.JitLimitAnalyzer;
import dev.spindle.agent.transform.write.ClassFileWriter.WrittenClass;
import dev.spindle.agent.transform.write.RewrittenMethod;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Orchestrates the pure phases over one class file: scan (find {@code @Async} methods, awaits and
 * refusals), then for each method the constructor-call pre-pass and the state-machine rewrite
 * (which analyse frames and liveness and spill), then the entry points, then the write. It reads
 * the class with its own stack map frames expanded and writes it with {@code COMPUTE_MAXS} only,
 * so no application class is ever loaded. A failure in any phase of one method, writing
 * included, refuses that method alone (see {@link ClassFileWriter}). Thread-safe: it keeps no
 * state between calls.
 */
public final class AsyncClassTransformer {
  private static final byte[] ASYNC_MARK = Names.ASYNC_DESCRIPTOR.getBytes(StandardCharsets.UTF_8);
  private static final byte[] AWAIT_MARK = Names.AWAIT.getBytes(StandardCharsets.UTF_8);

  private final TransformOptions options;

  public AsyncClassTransformer(TransformOptions options) {
    this.options = options;
  }

  /**
   * Rewrites the {@code @Async} methods of one class.
   *
   * @param internalName the class's internal name (slashes), for messages
   * @param classFile the class file as loaded
   * @return the outcome: new bytes, or {@code null} bytes when the class is left untouched, and
   *     every refusal (a refused {@code @Async} method also gets a body that throws the message)
   */
  public TransformResult transform(String internalName, byte[] classFile) {
    if (!contains(classFile, ASYNC_MARK) && !contains(classFile, AWAIT_MARK)) {
      return new TransformResult(null, List.of());
    }
    ClassNode owner = new ClassNode();
    try {
      new ClassReader(classFile).accept(owner, ClassReader.EXPAND_FRAMES);
    } catch (RuntimeException unreadable) {
      return new TransformResult(null, List.of(new Refusal(internalName.replace('/', '.'), "", "",
          -1, "class " + internalName.replace('/', '.') + " could not be read by the Spindle"
          + " agent (" + unreadable + "): it is loaded unchanged, and its @Async methods are not"
          + " rewritten")));
    }
    if (alreadyRewritten(owner)) {
      return new TransformResult(null, List.of());
    }
    ClassScan scan = AsyncMethodScanner.scan(owner);
    if (scan.changesNothing()) {
      return new TransformResult(null, scan.refusals());
    }
    List<Refusal> refusals = new ArrayList<>();
    for (RefusedMethod refused : scan.refused()) {
      refusals.add(refused.refusal());
      RefusedMethodRewriter.throwInstead(refused.method(), refused.refusal().message(),
          refused.refusal().line());
    }
    redirectRefusedAwaits(owner, scan.reported());
    List<RewrittenMethod> rewritten = new ArrayList<>();
    for (AsyncMethod method : scan.rewritable()) {
      try {
        rewritten.add(rewrite(owner, method));
      } catch (RuntimeException | AssertionError | StackOverflowError cannot) { // this method
        refusals.add(refuse(owner, method.method(), describe(cannot))); // only; others go on
      }
    }
    List<DirectCallRewriter.Redirect> redirects = redirectOwnCalls(owner, rewritten);
    RewrittenMark.addTo(owner);
    WrittenClass written = ClassFileWriter.write(owner, rewritten, redirects, classFile);
    refusals.addAll(written.refusals());
    refusals.addAll(scan.reported());
    return new TransformResult(written.classFile(), refusals,
        JitLimitAnalyzer.notices(owner, rewritten, classFile, written.classFile()));
  }

  /** The awaits of each reported method throw its report when they run (RefusedAwaitRewriter). */
  private static void redirectRefusedAwaits(ClassNode owner, List<Refusal> reported) {
    for (Refusal refusal : reported) {
      for (MethodNode method : owner.methods) {
        if (method.name.equals(refusal.methodName()) && method.desc.equals(refusal.descriptor())) {
          RefusedAwaitRewriter.redirect(method, refusal.message());
        }
      }
    }
  }

  /** Calls between the rewritten methods go straight to their state machines. */
  private static List<DirectCallRewriter.Redirect> redirectOwnCalls(ClassNode owner,
      List<RewrittenMethod> rewritten) {
    Map<String, MethodNode> stateMachines = new HashMap<>();
    Map<String, Boolean> isPrivate = new HashMap<>();
    List<MethodNode> callers = new ArrayList<>();
    for (RewrittenMethod method : rewritten) {
      callers.add(method.stateMachine());
      if (Names.returnsFuture(method.original().desc)) {
        continue; // its callers want the future its forwarder makes, not the state machine's task
      }
      String key = method.original().name + method.original().desc;
      stateMachines.put(key, method.stateMachine());
      isPrivate.put(key, (method.original().access & Opcodes.ACC_PRIVATE) != 0);
    }
    return DirectCallRewriter.redirect(owner.name, callers, stateMachines, isPrivate);
  }

  private static Refusal refuse(ClassNode owner, MethodNode method, String reason) {
    Refusal refusal = RefusalMessages.failed(SourcePlace.of(owner, method), reason);
    RefusedMethodRewriter.throwInstead(method, refusal.message(), refusal.line());
    return refusal;
  }

  /** What went wrong, for the refusal: our own finding as is, anything else with its type. */
  private static String describe(Throwable cannot) {
    return cannot instanceof TransformException ? cannot.getMessage() : cannot.toString();
  }

  public TransformOptions options() {
    return options;
  }

  /**
   * Rewrites one method on a copy and swaps the copy in only once every phase has succeeded; a
   * phase that throws leaves the class as it was.
   */
  private RewrittenMethod rewrite(ClassNode owner, AsyncMethod async) {
    MethodNode original = async.method();
    boolean isInterface = (owner.access & Opcodes.ACC_INTERFACE) != 0;
    String bridgeName = bridgeName(owner, original.name);
    MethodNode stateMachine = copy(original);
    if (Names.returnsFuture(original.desc)) {
      EntryPointRewriter.returnTasks(stateMachine);
    }
    AsyncMethod working = new AsyncMethod(stateMachine, AsyncMethodScanner.awaitCalls(stateMachine));
    ConstructorCallRewriter.rewrite(owner.name, stateMachine, working.points());
    StateMachineRewriter.rewrite(owner.name, working, options,
        new ResumeLink(owner.name, isInterface, bridgeName));
    MethodNode forwarder = EntryPointRewriter.forwarder(owner.name, isInterface, original);
    MethodNode bridge = async.points().isEmpty() ? null
        : EntryPointRewriter.bridge(owner.name, isInterface, original, bridgeName);
    EntryPointRewriter.makeStateMachine(stateMachine);
    AwaitLineTable.annotate(stateMachine, working.points());
    int position = owner.methods.indexOf(original);
    owner.methods.set(position, forwarder);
    owner.methods.add(position + 1, stateMachine);
    if (bridge != null) {
      owner.methods.add(position + 2, bridge);
    }
    return new RewrittenMethod(original, forwarder, stateMachine, bridge);
  }

  private static MethodNode copy(MethodNode method) {
    MethodNode copy = new MethodNode(Opcodes.ASM9, method.access, method.name, method.desc,
        method.signature, method.exceptions.toArray(new String[0]));
    method.accept(copy);
    return copy;
  }

  /** {@code m$spindle$resume}, numbered when an overload already took that name. */
  private static String bridgeName(ClassNode owner, String methodName) {
    Set<String> taken = new HashSet<>();
    owner.methods.forEach(m -> taken.add(m.name));
    String base = methodName + Names.RESUME_BRIDGE_SUFFIX;
    if (!taken.contains(base)) {
      return base;
    }
    for (int n = 1; ; n++) {
      if (!taken.contains(base + n)) {
        return base + n;
      }
    }
  }

  /**
   * A class the rewriter wrote before (woven at build time, retransformed, or a second agent): it
   * carries the {@link RewrittenMark}, or a state machine (a private synthetic method taking a
   * frame last and returning a task, which no compiler emits). Never "mentions AsyncFrame": user
   * code may name it.
   */
  private static boolean alreadyRewritten(ClassNode owner) {
    if (RewrittenMark.isOn(owner)) {
      return true;
    }
    String stateMachineEnd = Names.FRAME_DESCRIPTOR + ")" + Names.TASK_DESCRIPTOR;
    return owner.methods.stream().anyMatch(m -> (m.access & Opcodes.ACC_SYNTHETIC) != 0
        && (m.access & Opcodes.ACC_PRIVATE) != 0 && m.desc.endsWith(stateMachineEnd));
  }

  /** Whether {@code bytes} contains {@code pattern}: a cheap test before parsing anything. */
  static boolean contains(byte[] bytes, byte[] pattern) {
    outer:
    for (int i = 0, last = bytes.length - pattern.length; i <= last; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (bytes[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
