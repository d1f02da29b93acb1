package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How deep a rewritten recursion goes before its thread's stack runs out, beside the same
 * recursion in plain Java on a thread of the same stack size (RecursionDepthProbe, in a child
 * JVM). Twice: interpreted ({@code -Xint}), and compiled by C1 alone
 * ({@code -XX:TieredStopAtLevel=1}, the compiler a method meets first), where frames have one
 * size each and the depths repeat exactly. The default tiered mix is left out: C2's recursive
 * inlining makes plain Java's depth vary by a factor of five from run to run.
 */
@Timeout(120)
class RecursionDepthTest {
  private static final long STACK_BYTES = 512 * 1024;

  @Test
  void interpreted_a_rewritten_chain_reaches_at_least_half_the_depth_of_plain_recursion()
      throws Exception {
    assertAtLeastHalf("interpreted", "-Xint");
  }

  @Test
  void compiled_by_c1_a_rewritten_chain_reaches_at_least_half_the_depth_of_plain_recursion()
      throws Exception {
    assertAtLeastHalf("compiled by C1", "-XX:TieredStopAtLevel=1");
  }

  private static void assertAtLeastHalf(String how, String flag) throws Exception {
    String output = probe(flag);
    int plain = depth(output, "plain");
    int rewritten = depth(output, "rewritten");
    System.out.println("recursion depth on a " + STACK_BYTES / 1024 + " KiB stack, " + how
        + ": plain " + plain + ", rewritten " + rewritten + " (" + 100 * rewritten / plain + "%)");
    assertTrue(2 * rewritten >= plain, how + ", the rewritten recursion reached " + rewritten
        + " levels, plain Java " + plain + ": less than half");
  }

  private static String probe(String flag) throws IOException, InterruptedException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), flag,
        "-cp", System.getProperty("java.class.path"),
        RecursionDepthProbe.class.getName(), Long.toString(STACK_BYTES));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the probe did not end in 100 s");
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), output);
      return output;
    } finally {
      process.destroyForcibly();
    }
  }

  private static int depth(String output, String label) {
    Matcher matcher = Pattern.compile("(?m)^" + label + " (\\d+)$").matcher(output);
    assertTrue(matcher.find(), "no '" + label + "' line in the probe's output:\n" + output);
    return Integer.parseInt(matcher.group(1));
  }
}
