package dev.spindle.agent.transform.scan;

import java.util.List;
import org.objectweb.asm.tree.MethodNode;

/**
 * An {@code @Async} method the rewriter will turn into a state machine.
 *
 * @param method the method as read (frames expanded)
 * @param points its await calls, in instruction order (may be empty: the method is still
 *     rewritten, so that a throwable escaping it fails its task)
 */
public record AsyncMethod(MethodNode method, List<SuspensionPoint> points) {
  public AsyncMethod {
    points = List.copyOf(points);
  }
}
