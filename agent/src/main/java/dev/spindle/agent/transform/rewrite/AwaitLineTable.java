package dev.spindle.agent.transform.rewrite;

import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Puts {@code @AwaitLines} on a state machine: the source line of each await, in state order,
 * which {@code EventLoop.dump()} reads to tell where a suspended call waits (it has no stack to
 * read it from), as kotlinc's {@code @DebugMetadata}. Metadata only: the code is unchanged.
 */
public final class AwaitLineTable {
  private AwaitLineTable() {}

  /** Annotates {@code stateMachine}, whose awaits are {@code points}; nothing if it has none. */
  public static void annotate(MethodNode stateMachine, List<SuspensionPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    int[] lines = new int[points.size()];
    for (int k = 0; k < lines.length; k++) {
      lines[k] = Math.max(0, points.get(k).line()); // 0: the class has no line numbers
    }
    AnnotationNode table = new AnnotationNode(Names.AWAIT_LINES_DESCRIPTOR);
    table.values = new ArrayList<>(List.of(Names.AWAIT_LINES_VALUE, lines));
    if (stateMachine.visibleAnnotations == null) {
      stateMachine.visibleAnnotations = new ArrayList<>();
    }
    stateMachine.visibleAnnotations.add(table);
  }
}
