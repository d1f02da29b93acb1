package dev.spindle.agent.twins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.twins.TwinClassGenerator.GeneratedClass;
import dev.spindle.agent.twins.TwinClassGenerator.Pair;
import org.junit.jupiter.api.Test;

/** The generator's own promises, read off its source text (nothing is compiled here). */
class TwinGeneratorTest {
  private static final long SEED = 42L;

  @Test
  void aSeedWritesTheSameClassEveryTime() {
    assertEquals(TwinClassGenerator.generate("T", SEED, 8, Profile.LARGE).source(),
        TwinClassGenerator.generate("T", SEED, 8, Profile.LARGE).source());
  }

  @Test
  void largeMethodsHaveTheShapesOfHandlers() {
    String source = TwinClassGenerator.generate("T", SEED, 8, Profile.LARGE).source();
    for (String shape : new String[] {"synchronized (", "} finally {", "trace.add(\"live\", ",
        "throw new Boom(\"m", "trace.add(\"h", "new long[] {", "(short) (int) "}) {
      assertTrue(source.contains(shape), "large methods must contain " + shape);
    }
  }

  @Test
  void asyncLambdasAppearWithCapturesNestingLoopsAndTry() {
    String source = TwinClassGenerator.generate("T", SEED, 50, Profile.SMALL).source();
    for (String shape : new String[] {"Fn.AsyncLambda f", "java.util.function.Function<String,"
        + " Task<Object>> f", "await(f", "final int c"}) {
      assertTrue(source.contains(shape), "async lambdas must appear as " + shape);
    }
    assertTrue(source.matches("(?s).*-> \\{\\n[^}]*await\\(src.*"), "a lambda that awaits");
    assertTrue(source.matches("(?s).*-> \\{\\n(?:(?!\\n    };).)*-> \\{.*"), "a nested lambda");
  }

  @Test
  void nothingAwaitsInsideASynchronizedBlock() {
    GeneratedClass generated = TwinClassGenerator.generate("T", SEED, 8, Profile.LARGE);
    for (Pair pair : generated.pairs()) {
      String source = pair.asyncSource();
      for (int at = source.indexOf("synchronized ("); at >= 0;
          at = source.indexOf("synchronized (", at + 1)) {
        String block = block(source, source.indexOf(") {", at) + 2);
        assertFalse(block.contains("await("), "an await in a synchronized block of a"
            + pair.index() + ":\n" + block);
      }
    }
  }

  @Test
  void twinsDifferOnlyInHowTheyAwaitAndReturn() {
    for (Pair pair : TwinClassGenerator.generate("T", SEED, 8, Profile.LARGE).pairs()) {
      String async = pair.asyncSource().replaceAll("await\\(src\\.(\\w+)\\(", "src.v$1((")
          .replaceAll("await\\((this\\.)?a(\\d+)\\(", "$1s$2((")
          .replace("return Task.completed(", "return (")
          .replaceAll("await\\((f\\d+\\.)", "$1") // an async lambda's call
          .replace("Fn.AsyncLambda", "Fn.SyncLambda").replace("Task<Object>>", "Object>")
          .replaceAll("@Async\\n  (public (static )?)Task<Object> a", "$1Object s");
      String sync = pair.syncSource().replaceAll("src\\.v(\\w+)\\(", "src.v$1((")
          .replaceAll("(this\\.)?s(\\d+)\\(src, trace", "$1s$2((src, trace")
          .replace("return ", "return (");
      assertEquals(strip(sync), strip(async), "a" + pair.index() + " and its twin");
    }
  }

  /** The text of the block whose opening brace is at {@code open}, braces matched. */
  private static String block(String source, int open) {
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth == 0) {
        return source.substring(open, i + 1);
      }
    }
    throw new AssertionError("unbalanced braces after " + open);
  }

  /** Parentheses and spaces out: the rewrites above add parentheses the other side lacks. */
  private static String strip(String source) {
    return source.replaceAll("[()\\s;]", "");
  }
}
