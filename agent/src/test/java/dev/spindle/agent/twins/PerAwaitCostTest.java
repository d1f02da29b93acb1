package dev.spindle.agent.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one more await costs in a state machine, with few live values and with many: the same
 * await added 20 times to a method with 4 and with 40 locals live across every await. The shared
 * save and restore blocks grow with the locals; each await's own code must not.
 */
class PerAwaitCostTest {
  private static final int FEW_AWAITS = 10;
  private static final int MANY_AWAITS = 30;

  @Test
  void an_await_costs_the_same_few_bytes_whatever_is_live_across_it() {
    int[] fewLocals = perAwait(4);
    int[] manyLocals = perAwait(40);
    System.out.println("bytes per await, original / state machine: " + fewLocals[0] + " / "
        + fewLocals[1] + " with 4 live locals, " + manyLocals[0] + " / " + manyLocals[1]
        + " with 40");
    assertEquals(fewLocals[1], manyLocals[1], "an await's code must not depend on the live values");
    int added = manyLocals[1] - manyLocals[0];
    assertTrue(added <= 48, "the rewriter adds " + added + " bytes per await, over 48");
  }

  /** The original's and the state machine's growth per await, with {@code locals} live. */
  private static int[] perAwait(int locals) {
    MethodSize few = measured(locals, FEW_AWAITS);
    MethodSize many = measured(locals, MANY_AWAITS);
    int awaits = MANY_AWAITS - FEW_AWAITS;
    return new int[] {(many.original() - few.original()) / awaits,
        (many.rewritten() - few.rewritten()) / awaits};
  }

  private static MethodSize measured(int locals, int awaits) {
    String name = "generated.cost.Cost" + locals + "x" + awaits;
    Map<String, byte[]> classes = new InMemoryCompiler(Task.class)
        .compile(Map.of(name, source(name, locals, awaits)), 17);
    List<MethodSize> sizes = CodeSizes.of(classes.get(name));
    assertEquals(1, sizes.size());
    assertNull(sizes.get(0).refusal(), sizes.get(0).refusal());
    assertEquals(awaits, sizes.get(0).awaitSites());
    return sizes.get(0);
  }

  /** Locals of four kinds, all read after the last await, and the same await repeated. */
  private static String source(String name, int locals, int awaits) {
    StringBuilder body = new StringBuilder();
    StringBuilder use = new StringBuilder("sum");
    for (int i = 0; i < locals; i++) {
      switch (i % 4) {
        case 0 -> body.append("    int v").append(i).append(" = seed + ").append(i).append(";\n");
        case 1 -> body.append("    long v").append(i).append(" = seed * ").append(i).append("L;\n");
        case 2 -> body.append("    String v").append(i).append(" = \"s\" + seed;\n");
        default -> body.append("    double v").append(i).append(" = seed / 3.0;\n");
      }
      use.append(i % 4 == 2 ? " + v" + i + ".length()" : " + (int) v" + i);
    }
    body.append("    int sum = 0;\n");
    for (int k = 0; k < awaits; k++) {
      body.append("    sum += dev.spindle.Await.await(ONE);\n");
    }
    String simpleName = name.substring(name.lastIndexOf('.') + 1);
    return "package generated.cost;\n"
        + "import dev.spindle.Async;\nimport dev.spindle.Task;\n"
        + "public final class " + simpleName + " {\n"
        + "  static Task<Integer> ONE = Task.completed(1);\n"
        + "  @Async public static Task<Integer> run(int seed) {\n" + body
        + "    return Task.completed(" + use + ");\n  }\n}\n";
  }
}
