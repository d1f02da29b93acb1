package dev.spindle.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code docs/design.md}, read from the compiled classes by the JDK's {@code jdeps}:
 * the package graph has no cycle and no edge the design does not list, and neither a task nor a
 * suspended call names the event loop (they know {@code dev.spindle.task.Scheduler}).
 */
class LayersTest {
  /** Every dependency between the runtime's packages; keep in step with docs/design.md. */
  static final Set<String> PACKAGE_EDGES = new TreeSet<>(Set.of(
      "dev.spindle -> dev.spindle.diagnostics",
      "dev.spindle -> dev.spindle.internal.frame",
      "dev.spindle -> dev.spindle.loop",
      "dev.spindle -> dev.spindle.task",
      "dev.spindle -> dev.spindle.timer",
      "dev.spindle.internal.frame -> dev.spindle",
      "dev.spindle.internal.frame -> dev.spindle.task",
      "dev.spindle.io -> dev.spindle",
      "dev.spindle.io -> dev.spindle.loop",
      "dev.spindle.io -> dev.spindle.task",
      "dev.spindle.io -> dev.spindle.timer",
      "dev.spindle.loop -> dev.spindle.diagnostics",
      "dev.spindle.loop -> dev.spindle.timer",
      "dev.spindle.sync -> dev.spindle",
      "dev.spindle.sync -> dev.spindle.io",
      "dev.spindle.sync -> dev.spindle.task"));
  private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(dev\\.spindle\\S*)");

  private static List<String[]> classEdges;

  @BeforeAll
  static void readTheClasses() {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
        new IllegalStateException("no jdeps in this JVM (" + System.getProperty("java.home")
            + "): run the tests on a JDK"));
    StringWriter out = new StringWriter();
    int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class",
        "-filter:none", ApiSurfaceTest.classes().toString());
    assertEquals(0, status, out.toString());
    classEdges = out.toString().lines().map(EDGE::matcher).filter(Matcher::find)
        .map(m -> new String[] {m.group(1), m.group(2)}).toList();
    assertTrue(classEdges.size() > 100, "jdeps printed too little: " + out);
  }

  @Test
  void thePackagesDependOnEachOtherOnlyAsTheDesignSays() {
    Set<String> edges = classEdges.stream()
        .map(edge -> packageOf(edge[0]) + " -> " + packageOf(edge[1]))
        .filter(edge -> !edge.split(" -> ")[0].equals(edge.split(" -> ")[1]))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(PACKAGE_EDGES, edges, "the runtime's package graph changed: update"
        + " docs/design.md's Layers and LayersTest.PACKAGE_EDGES if that is deliberate");
  }

  @Test
  void neitherATaskNorASuspendedCallNamesTheEventLoop() {
    List<String> offending = classEdges.stream()
        .filter(edge -> edge[0].equals("dev.spindle.Task") || edge[0].startsWith("dev.spindle.Task$")
            || edge[0].startsWith("dev.spindle.internal.frame.")
            || edge[0].startsWith("dev.spindle.task."))
        .filter(edge -> edge[1].equals("dev.spindle.EventLoop")
            || edge[1].startsWith("dev.spindle.EventLoop$"))
        .map(edge -> edge[0] + " -> " + edge[1])
        .toList();
    assertEquals(List.of(), offending, "Task and AsyncFrame know dev.spindle.task.Scheduler, not"
        + " the loop (docs/design.md, Layers)");
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }
}
