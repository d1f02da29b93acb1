package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.LivenessAnalyzer;
import dev.spindle.agent.transform.analysis.Liveness;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.scan.AsyncMethod;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import dev.spindle.agent.transform.spill.FrameSpiller;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillPlan;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Turns the body of an {@code @Async} method into its state machine, in place: the frame
 * parameter, the resume prologue, the fast path or suspension at each await, the returns and the
 * catch-all handler of docs/bytecode-contract.md. The caller has already run
 * {@link ConstructorCallRewriter}; the descriptor and flags are changed by
 * {@link EntryPointRewriter}.
 */
public final class StateMachineRewriter {
  private final String owner;
  private final MethodNode method;
  private final List<SuspensionPoint> points;
  private final TransformOptions options;
  private final ResumeLink link;
  private final boolean isStatic;
  private final SlotLayout layout;
  /** Out-of-line code (suspensions, resumptions, exits), appended after the body. */
  private final InsnList outOfLine = new InsnList();

  private StateMachineRewriter(String owner, AsyncMethod async, TransformOptions options,
      ResumeLink link) {
    this.owner = owner;
    this.method = async.method();
    this.points = async.points();
    this.options = options;
    this.link = link;
    this.isStatic = (method.access & ACC_STATIC) != 0;
    int parameterSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2) - (isStatic ? 1 : 0);
    this.layout = SlotLayout.of(parameterSlots, method.maxLocals);
  }

  /**
   * Rewrites {@code async}'s body (a method of class {@code owner}) into its state machine.
   *
   * @param link how a suspension links the method's resumer
   */
  public static void rewrite(String owner, AsyncMethod async, TransformOptions options,
      ResumeLink link) {
    new StateMachineRewriter(owner, async, options, link).rewrite();
  }

  private void rewrite() {
    MethodFrames frames = FrameAnalyzer.analyze(owner, method);
    Liveness liveness = LivenessAnalyzer.analyze(method);
    List<SpillPlan> plans = new ArrayList<>();
    int refCount = 0;
    int primCount = 0;
    for (SuspensionPoint point : points) {
      SpillPlan plan = FrameSpiller.plan(before(frames, point), liveness.liveBefore(point.call()),
          isStatic, layout);
      plans.add(plan);
      refCount = Math.max(refCount, plan.refCount());
      primCount = Math.max(primCount, plan.primCount());
    }
    List<AbstractInsnNode> returns = new ArrayList<>();
    for (AbstractInsnNode node : method.instructions) {
      if (node.getOpcode() == ARETURN) {
        returns.add(node);
      }
    }
    shiftLocals();
    LabelNode bodyStart = new LabelNode();
    List<LabelNode> resumes = new ArrayList<>();
    for (int k = 0; k < points.size(); k++) {
      resumes.add(suspension(k + 1, points.get(k), before(frames, points.get(k)), plans.get(k),
          refCount, primCount));
    }
    returnExit(returns, frames);
    InsnList prologue = new InsnList();
    prologue.add(bodyStart);
    prologue.add(Prologue.dispatch(owner, method, layout, resumes));
    method.instructions.insert(prologue);
    method.instructions.add(outOfLine);
    catchAll(bodyStart);
    method.localVariables = method.localVariables == null ? new ArrayList<>()
        : method.localVariables;
    method.localVariables.add(new LocalVariableNode(Names.FRAME_LOCAL_NAME,
        Names.FRAME_DESCRIPTOR, null, bodyStart, lastLabel(), layout.frameSlot()));
    FrameNodes.removeDuplicates(method);
    method.maxLocals = 0; // both computed by the class writer (COMPUTE_MAXS)
    method.maxStack = 0;
  }

  private static FrameSnapshot before(MethodFrames frames, SuspensionPoint point) {
    FrameSnapshot snapshot = frames.before(point.call());
    if (snapshot == null) {
      throw new TransformException(
          "await at line " + point.line() + " is in unreachable code");
    }
    return snapshot;
  }

  /** Moves every local at or above the frame slot up by one: variables, frames, debug table. */
  private void shiftLocals() {
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof VarInsnNode variable) {
        variable.var = layout.shifted(variable.var);
      } else if (node instanceof IincInsnNode increment) {
        increment.var = layout.shifted(increment.var);
      } else if (node instanceof FrameNode frame) {
        FrameNodes.shift(frame, layout);
      }
    }
    if (method.localVariables != null) {
      for (LocalVariableNode variable : method.localVariables) {
        variable.index = layout.shifted(variable.index);
      }
    }
    method.visibleLocalVariableAnnotations = null;
    method.invisibleLocalVariableAnnotations = null;
  }

  /**
   * Replaces await call {@code k} by its fast path (or an unconditional suspension), and emits
   * its out-of-line suspension and resumption; returns the resumption's label.
   */
  private LabelNode suspension(int k, SuspensionPoint point, FrameSnapshot before, SpillPlan plan,
      int refCount, int primCount) {
    List<Object> stack = new ArrayList<>(before.stack());
    stack.set(stack.size() - 1, Names.TASK);
    LabelNode suspend = new LabelNode();
    LabelNode join = new LabelNode();
    InsnList inline = new InsnList();
    if (point.awaitsStage()) {
      inline.add(Instructions.call(Names.TASK_FROM));
    } else {
      yieldWithoutTask(point.call());
    }
    if (options.alwaysSuspend()) {
      inline.add(new JumpInsnNode(GOTO, suspend));
    } else {
      inline.add(new InsnNode(DUP));
      inline.add(Instructions.call(Names.TASK_IS_DONE));
      inline.add(new JumpInsnNode(IFEQ, suspend));
    }
    inline.add(join);
    inline.add(FrameNodes.of(before, stack, layout));
    inline.add(Instructions.call(Names.TASK_RESULT_NOW));
    method.instructions.insertBefore(point.call(), inline);
    method.instructions.remove(point.call());

    outOfLine.add(SuspendBlocks.suspend(k, point.line(), suspend,
        FrameNodes.of(before, stack, layout), plan, layout, link, refCount, primCount));
    LabelNode resume = new LabelNode();
    outOfLine.add(SuspendBlocks.resume(point.line(), resume,
        FrameNodes.entry(owner, method, layout), plan, layout, isStatic, join));
    return resume;
  }

  /**
   * {@code await(EventLoop.yieldNow())}, the yield call right before the await with nothing in
   * between (no label, so no other path reaches the await): the task cannot be seen by anyone
   * else, so the frame waits for the next turn itself (AsyncFrame.yielding).
   */
  private void yieldWithoutTask(AbstractInsnNode await) {
    if (await.getPrevious() instanceof MethodInsnNode call && Instructions.calls(call,
        Names.YIELD_NOW)) {
      method.instructions.set(call, Instructions.call(Names.FRAME_YIELDING));
    }
  }

  /** Sends every {@code areturn} of the body to one exit that completes the frame if any. */
  private void returnExit(List<AbstractInsnNode> returns, MethodFrames frames) {
    LabelNode exit = new LabelNode();
    for (AbstractInsnNode node : returns) {
      FrameSnapshot snapshot = frames.before(node);
      if (snapshot != null && snapshot.stack().size() != 1) {
        throw new TransformException(
            "areturn with " + snapshot.stack().size() + " values on the operand stack");
      }
      method.instructions.set(node, new JumpInsnNode(GOTO, exit));
    }
    outOfLine.add(SuspendBlocks.exit(exit, layout));
  }

  /** The handler, last in the table, that turns any throwable escaping the body into failure. */
  private void catchAll(LabelNode bodyStart) {
    LabelNode end = new LabelNode();
    LabelNode handler = new LabelNode();
    method.instructions.add(end);
    method.instructions.add(SuspendBlocks.failure(handler, layout));
    method.tryCatchBlocks.add(new TryCatchBlockNode(bodyStart, end, handler, null));
  }

  private LabelNode lastLabel() {
    LabelNode last = new LabelNode();
    method.instructions.add(last);
    return last;
  }
}
