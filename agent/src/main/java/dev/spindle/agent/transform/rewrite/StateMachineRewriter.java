package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.spill.Instructions;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.FrameTypes;
import dev.spindle.agent.transform.analysis.LivenessAnalyzer;
import dev.spindle.agent.transform.analysis.Liveness;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.scan.AsyncMethod;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import dev.spindle.agent.transform.spill.SitePlan;
import dev.spindle.agent.transform.spill.SlotLayout;
import dev.spindle.agent.transform.spill.SpillLayout;
import dev.spindle.agent.transform.spill.SpillPlanner;
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
  private final int parameterSlots;
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
    this.parameterSlots = (Type.getArgumentsAndReturnSizes(method.desc) >> 2)
        - (isStatic ? 1 : 0);
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
    SlotSplitRewriter.split(method);
    SlotLayout layout = SlotLayout.of(parameterSlots, method.maxLocals);
    MethodFrames frames = FrameAnalyzer.analyze(owner, method);
    Liveness liveness = LivenessAnalyzer.analyze(method);
    SpillPlanner.Plan plan = SpillPlanner.plan(owner, method, points, frames, liveness, layout);
    List<AbstractInsnNode> returns = new ArrayList<>();
    for (AbstractInsnNode node : method.instructions) {
      if (node.getOpcode() == ARETURN) {
        returns.add(node);
      }
    }
    shiftLocals(layout, plan.layout());
    LabelNode bodyStart = new LabelNode();
    LabelNode save = new LabelNode();
    List<LabelNode> resumes = new ArrayList<>();
    FrameNode afterRestore = FrameNodes.afterRestore(owner, method, plan.layout(), layout,
        Names.TASK);
    for (int k = 0; k < points.size(); k++) {
      resumes.add(suspension(k + 1, points.get(k), frames.before(points.get(k).call()),
          plan.sites().get(k), plan.layout(), layout, save, afterRestore));
    }
    if (!points.isEmpty()) {
      outOfLine.add(SuspendBlocks.save(save, plan.layout(), layout, link, points.size() == 1,
          points.get(0).line()));
    }
    returnExit(returns, frames, layout, plan.layout().taskSlot());
    InsnList prologue = new InsnList();
    prologue.add(bodyStart);
    prologue.add(Prologue.dispatch(owner, method, layout, plan.layout(), resumes));
    method.instructions.insert(prologue);
    method.instructions.add(outOfLine);
    catchAll(bodyStart, layout);
    method.localVariables = method.localVariables == null ? new ArrayList<>()
        : method.localVariables;
    method.localVariables.add(new LocalVariableNode(Names.FRAME_LOCAL_NAME,
        Names.FRAME_DESCRIPTOR, null, bodyStart, lastLabel(), layout.frameSlot()));
    FrameNodes.removeDuplicates(method);
    method.maxLocals = 0; // both computed by the class writer (COMPUTE_MAXS)
    method.maxStack = 0;
  }

  /**
   * Moves every local at or above the frame slot up by one (variables, frames, debug table) and
   * gives the saved slots their shared types in the method's own frames.
   */
  private void shiftLocals(SlotLayout layout, SpillLayout spill) {
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof VarInsnNode variable) {
        variable.var = layout.shifted(variable.var);
      } else if (node instanceof IincInsnNode increment) {
        increment.var = layout.shifted(increment.var);
      } else if (node instanceof FrameNode frame) {
        FrameNodes.shift(frame, layout);
        if (!points.isEmpty()) {
          FrameNodes.widen(frame, spill);
        }
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
  private LabelNode suspension(int k, SuspensionPoint point, FrameSnapshot before, SitePlan site,
      SpillLayout spill, SlotLayout layout, LabelNode save, FrameNode afterRestore) {
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
    boolean onlyAwait = points.size() == 1;
    // The one await of a method, with nothing under its task, jumps to the save block itself.
    LabelNode suspendTarget = onlyAwait && site.stack().isEmpty() ? save : suspend;
    if (options.alwaysSuspend()) {
      inline.add(new JumpInsnNode(GOTO, suspendTarget));
    } else {
      inline.add(new InsnNode(DUP));
      inline.add(Instructions.call(Names.TASK_IS_DONE));
      inline.add(new JumpInsnNode(IFEQ, suspendTarget));
    }
    inline.add(join);
    inline.add(FrameNodes.atSite(site, stack));
    inline.add(Instructions.call(Names.AWAIT_RESULT));
    method.instructions.insertBefore(point.call(), inline);
    method.instructions.remove(point.call());

    if (suspendTarget == suspend) {
      outOfLine.add(SuspendBlocks.suspend(k, point.line(), suspend,
          FrameNodes.atSite(site, stack), site, spill, save, onlyAwait));
    }
    LabelNode resume = new LabelNode();
    if (site.fixups().isEmpty() && site.stack().isEmpty()) {
      return join; // the shared restore gives this await all it needs: resume in place
    }
    outOfLine.add(SuspendBlocks.resume(point.line(), resume, copy(afterRestore), site, spill,
        join));
    return resume;
  }

  private static FrameNode copy(FrameNode frame) {
    return new FrameNode(F_NEW, frame.local.size(), frame.local.toArray(), frame.stack.size(),
        frame.stack.toArray());
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
  private void returnExit(List<AbstractInsnNode> returns, MethodFrames frames, SlotLayout layout,
      int scratch) {
    LabelNode exit = new LabelNode();
    boolean shared = returns.size() > 1 || returns.stream().anyMatch(this::inTryRange);
    for (AbstractInsnNode node : returns) {
      FrameSnapshot snapshot = frames.before(node);
      InsnList replacement = new InsnList();
      if (snapshot != null && snapshot.stack().size() > 1) {
        // areturn drops what lies under the returned value; so does this
        replacement.add(new VarInsnNode(ASTORE, scratch));
        for (int i = snapshot.stack().size() - 2; i >= 0; i--) {
          replacement.add(new InsnNode(
              FrameTypes.isWide(snapshot.stack().get(i)) ? POP2 : POP));
        }
        replacement.add(new VarInsnNode(ALOAD, scratch));
      }
      replacement.add(shared ? jumpTo(exit) : SuspendBlocks.exitInPlace(layout));
      method.instructions.insertBefore(node, replacement);
      method.instructions.remove(node);
    }
    if (shared) {
      outOfLine.add(SuspendBlocks.exit(exit, layout));
    }
  }

  private static InsnList jumpTo(LabelNode label) {
    InsnList code = new InsnList();
    code.add(new JumpInsnNode(GOTO, label));
    return code;
  }

  /** Whether a user's try block covers {@code node}: the exit must not run under its handler. */
  private boolean inTryRange(AbstractInsnNode node) {
    int index = method.instructions.indexOf(node);
    for (TryCatchBlockNode block : method.tryCatchBlocks) {
      if (method.instructions.indexOf(block.start) <= index
          && index < method.instructions.indexOf(block.end)) {
        return true;
      }
    }
    return false;
  }

  /** The handler, last in the table, that turns any throwable escaping the body into failure. */
  private void catchAll(LabelNode bodyStart, SlotLayout layout) {
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
