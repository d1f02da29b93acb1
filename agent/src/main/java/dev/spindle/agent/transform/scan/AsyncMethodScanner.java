package dev.spindle.agent.transform.scan;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.MonitorAnalyzer;
import dev.spindle.agent.transform.spill.Instructions;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Finds the {@code @Async} methods of a class (and its async lambdas: lambda bodies that return
 * {@code Task} and await, see {@link AsyncLambdas}), their await calls, and everything the
 * rewriter must refuse: await under a monitor, await outside {@code @Async} (lambda bodies that
 * do not return a task included), and {@code @Async} where it cannot apply. Reads the class;
 * changes nothing.
 */
public final class AsyncMethodScanner {
  /** The first class-file version whose methods can be typed from their stack map frames. */
  static final int FIRST_FRAMED_VERSION = Opcodes.V1_6;
  /** The JVM's limit on a method's parameter slots, {@code this} included (JVMS 4.3.3). */
  static final int MAX_PARAMETER_SLOTS = 255;

  private AsyncMethodScanner() {}

  public static ClassScan scan(ClassNode owner) {
    List<AsyncMethod> rewritable = new ArrayList<>();
    List<RefusedMethod> refused = new ArrayList<>();
    List<Refusal> reported = new ArrayList<>();
    for (MethodNode method : owner.methods) {
      List<SuspensionPoint> points = awaitCalls(method);
      if (!isAsync(method) && (points.isEmpty() || !AsyncLambdas.isAsyncLambda(method))) {
        if (!points.isEmpty()) {
          reported.add(notAsync(owner, method, points.get(0)));
        }
        continue;
      }
      Refusal refusal;
      try {
        refusal = refusalOf(owner, method, points);
      } catch (RuntimeException | AssertionError | StackOverflowError cannot) { // this method
        refusal = RefusalMessages.failed(SourcePlace.of(owner, method), // only; others go on
            cannot instanceof TransformException ? cannot.getMessage() : cannot.toString());
      }
      if (refusal == null) {
        rewritable.add(new AsyncMethod(method, points));
      } else {
        refused.add(new RefusedMethod(method, refusal));
      }
    }
    return new ClassScan(rewritable, refused, reported);
  }

  /** Whether {@code method} carries {@code @Async}. */
  public static boolean isAsync(MethodNode method) {
    if (method.visibleAnnotations != null) {
      for (AnnotationNode annotation : method.visibleAnnotations) {
        if (Names.ASYNC_DESCRIPTOR.equals(annotation.desc)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The await calls of {@code method}, in instruction order. */
  public static List<SuspensionPoint> awaitCalls(MethodNode method) {
    List<SuspensionPoint> points = new ArrayList<>();
    if (method.instructions == null) {
      return points;
    }
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof MethodInsnNode call) {
        if (Instructions.calls(call, Names.AWAIT_TASK)) {
          points.add(new SuspensionPoint(call, false, SourcePlace.lineOf(call)));
        } else if (Instructions.calls(call, Names.AWAIT_STAGE)) {
          points.add(new SuspensionPoint(call, true, SourcePlace.lineOf(call)));
        }
      }
    }
    return points;
  }

  private static Refusal refusalOf(ClassNode owner, MethodNode method,
      List<SuspensionPoint> points) {
    SourcePlace place = SourcePlace.of(owner, method);
    if ("<init>".equals(method.name) || "<clinit>".equals(method.name)) {
      return RefusalMessages.onConstructor(place);
    }
    if ((method.access & Opcodes.ACC_ABSTRACT) != 0) {
      return RefusalMessages.onAbstract(place);
    }
    if ((method.access & Opcodes.ACC_NATIVE) != 0) {
      return RefusalMessages.onNative(place);
    }
    if (!returnsTaskOrFuture(method)) {
      return RefusalMessages.notReturningTask(place);
    }
    int slots = parameterSlots(method);
    if (slots + 1 > MAX_PARAMETER_SLOTS) { // the state machine takes the frame as one more
      return RefusalMessages.tooManyParameterSlots(place, slots, MAX_PARAMETER_SLOTS);
    }
    int version = owner.version & 0xFFFF;
    if (version < FIRST_FRAMED_VERSION || (version < Opcodes.V1_7 && branchesWithoutFrames(method))) {
      return RefusalMessages.tooOld(place, version);
    }
    if ((method.access & Opcodes.ACC_SYNCHRONIZED) != 0 && !points.isEmpty()) {
      return RefusalMessages.inSynchronizedMethod(
          SourcePlace.of(owner, method, points.get(0).call()));
    }
    if (points.isEmpty() || !takesMonitors(method)) {
      return null;
    }
    int[] monitors = MonitorAnalyzer.depths(method);
    for (SuspensionPoint point : points) {
      if (monitors[method.instructions.indexOf(point.call())] > 0) {
        return RefusalMessages.inSynchronizedBlock(SourcePlace.of(owner, method, point.call()));
      }
    }
    return null;
  }

  /**
   * Whether {@code method} returns {@code Task}, or (an {@code @Async} method, for code coming
   * from {@code CompletableFuture} chains) {@code CompletableFuture} or {@code CompletionStage}.
   */
  private static boolean returnsTaskOrFuture(MethodNode method) {
    String returned = Type.getReturnType(method.desc).getDescriptor();
    return Names.TASK_DESCRIPTOR.equals(returned)
        || (isAsync(method) && Names.returnsFuture(method.desc));
  }

  /** The slots {@code method}'s parameters take, {@code this} included. */
  private static int parameterSlots(MethodNode method) {
    int withThis = Type.getArgumentsAndReturnSizes(method.desc) >> 2;
    return (method.access & Opcodes.ACC_STATIC) != 0 ? withThis - 1 : withThis;
  }

  /**
   * Whether a version-50 method (where frames were optional) branches but declares no frame:
   * its types could not be known without a class hierarchy.
   */
  private static boolean branchesWithoutFrames(MethodNode method) {
    boolean branches = !method.tryCatchBlocks.isEmpty();
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof org.objectweb.asm.tree.FrameNode) {
        return false;
      }
      branches |= node instanceof org.objectweb.asm.tree.JumpInsnNode
          || node instanceof org.objectweb.asm.tree.TableSwitchInsnNode
          || node instanceof org.objectweb.asm.tree.LookupSwitchInsnNode;
    }
    return branches;
  }

  private static boolean takesMonitors(MethodNode method) {
    for (AbstractInsnNode node : method.instructions) {
      if (node.getOpcode() == Opcodes.MONITORENTER) {
        return true;
      }
    }
    return false;
  }

  private static Refusal notAsync(ClassNode owner, MethodNode method, SuspensionPoint first) {
    SourcePlace place = SourcePlace.of(owner, method, first.call());
    if (method.name.startsWith("lambda$")) {
      MethodNode enclosing = AsyncLambdas.enclosing(owner, method);
      if (enclosing != null) {
        return RefusalMessages.inLambda(place, SourcePlace.of(owner, enclosing));
      }
    }
    if (owner.outerMethod != null) { // a local or anonymous class: say where it is declared
      MethodNode declaredIn = new MethodNode(0, owner.outerMethod, owner.outerMethodDesc, null,
          null);
      return RefusalMessages.notAsyncInDeclaredClass(place, new SourcePlace(
          owner.outerClass.replace('/', '.'), declaredIn, owner.sourceFile, -1));
    }
    return RefusalMessages.notAsync(place);
  }
}
