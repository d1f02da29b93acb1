package dev.spindle.agent.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import dev.spindle.agent.transform.write.CodeLengths;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The measuring tools of the size report and budget test, on code whose sizes are known. */
class CodeSizesTest {
  private static final String SOURCE = """
      package p;
      import static dev.spindle.Await.await;
      import dev.spindle.Async;
      import dev.spindle.Task;
      public class Sized {
        static int one() { return 1; }
        static void none() {}
        @Async static Task<Integer> twice(Task<Integer> a, Task<Integer> b) {
          return Task.completed(await(a) + await(b));
        }
      }
      """;

  private static byte[] compiled() {
    return new InMemoryCompiler(Task.class).compile(Map.of("p.Sized", SOURCE), 17).get("p.Sized");
  }

  @Test
  void codeLengthsAreTheCodeAttributesLengths() {
    Map<String, Integer> lengths = CodeLengths.all(compiled());
    assertEquals(2, lengths.get("one()I"), "iconst_1; ireturn");
    assertEquals(1, lengths.get("none()V"), "return");
  }

  @Test
  void anAsyncMethodIsMeasuredBeforeAndAfterTheRewrite() {
    List<MethodSize> sizes = CodeSizes.of(compiled());
    assertEquals(1, sizes.size(), sizes.toString());
    MethodSize twice = sizes.get(0);
    assertEquals("p.Sized.twice", twice.place());
    assertEquals(2, twice.awaitSites());
    assertNull(twice.refusal());
    assertTrue(twice.rewritten() > twice.original(), twice.toString());
    assertEquals(2 * twice.original() + 96, twice.budget(2));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] sorted = {1, 2, 3, 4};
    assertEquals(2, SizeTable.percentile(sorted, 0.5));
    assertEquals(4, SizeTable.percentile(sorted, 0.99));
    assertEquals(4, SizeTable.percentile(sorted, 1));
    assertEquals(1, SizeTable.percentile(sorted, 0));
  }

  @Test
  void aRefusedMethodIsOverEveryBudget() {
    SizeTable table = new SizeTable("t", List.of(new MethodSize("a", 100, 150, 1, null),
        new MethodSize("b", 100, -1, 1, "its state machine would need 70000 bytes of code, over"
            + " the JVM's limit of 65535")));
    assertEquals(1, table.overBudget(2));
    assertEquals(1, table.refusedForSize().size());
    assertEquals(Double.POSITIVE_INFINITY, table.p99ToBudget3());
  }
}
