package dev.spindle.agent.transform.rewrite;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.MethodFrames;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The pre-pass for {@code new Foo(a, await(x))}: an object whose constructor has not run cannot
 * be saved across a suspension, so each object under construction that is on the stack or in a
 * local at an await is created at its constructor call instead. The arguments, already
 * evaluated, go through fresh locals: {@code store args; NEW Foo; DUP; load args;
 * INVOKESPECIAL Foo.<init>} (as kotlinc does), and any other copies (made by DUP forms, SWAP, or
 * stored in locals: shapes javac never emits) are put back after the call ({@link
 * CreationMover}). The class is created a little later than in the source; nothing else changes.
 *
 * <p>Afterwards no object under construction is on the stack or in a local at any await, or this
 * throws {@link TransformException}.
 */
public final class ConstructorCallRewriter {
  private ConstructorCallRewriter() {}

  /** Rewrites {@code method} in place; returns whether anything changed. */
  public static boolean rewrite(String owner, MethodNode method, List<SuspensionPoint> points) {
    int moved = 0;
    while (true) {
      MethodFrames frames = FrameAnalyzer.analyze(owner, method);
      TypeInsnNode spanning = firstSpanning(method, frames, points);
      if (spanning == null) {
        return moved > 0;
      }
      if (moved++ > method.instructions.size()) { // each round removes one NEW; never reached
        throw new TransformException("objects under construction could not be moved past the"
            + " awaits " + FrameAnalyzer.place(method, spanning));
      }
      CreationMover.move(method, spanning, frames);
    }
  }

  /** The first NEW whose object is on the stack or in a local at an await, or null. */
  private static TypeInsnNode firstSpanning(MethodNode method, MethodFrames frames,
      List<SuspensionPoint> points) {
    for (SuspensionPoint point : points) {
      FrameSnapshot before = frames.before(point.call());
      if (before == null) {
        continue;
      }
      TypeInsnNode found = Stream.concat(before.stack().stream(), before.locals().stream())
          .filter(type -> type instanceof Uninitialized)
          .map(type -> ((Uninitialized) type).newInstruction())
          .findFirst().orElse(null);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
