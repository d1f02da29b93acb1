package dev.spindle.agent.transform;

import static dev.spindle.agent.transform.support.GeneratedClasses.callSuspending;
import static dev.spindle.agent.transform.support.GeneratedClasses.load;
import static dev.spindle.agent.transform.support.GeneratedClasses.thrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.support.GeneratedAsyncClass;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;

/**
 * A method whose state machine ASM cannot write is refused alone, with its sizes in the message
 * and as the body it throws; the other {@code @Async} methods of its class are rewritten and run
 * (each suspends once, which fails unless it was rewritten).
 */
@Timeout(60)
class UnwritableMethodTest {
  private final AsyncClassTransformer transformer =
      new AsyncClassTransformer(TransformOptions.DEFAULT);

  @Test
  void a_state_machine_over_64_kb_is_refused_with_its_sizes_and_its_neighbour_runs()
      throws Exception {
    byte[] original = new GeneratedAsyncClass("gen/Huge").plusOne("plusOne", 3, true, 0)
        .longAfterAwait("huge", 10, 65_533).toByteArray();
    TransformResult result = transformer.transform("gen/Huge", original);
    String message = only(result.refusals()).message();
    Matcher sizes = Pattern.compile("@Async method gen\\.Huge\\.huge\\(Task\\) \\(Huge\\.java:10\\)"
        + " is too large to rewrite: its state machine would need (\\d+) bytes of code, over the"
        + " JVM's limit of 65535 bytes per method \\(the method as written has 65533\\); split it"
        + " into smaller @Async methods").matcher(message);
    assertTrue(sizes.matches(), message);
    assertTrue(Integer.parseInt(sizes.group(1)) > 65_535, message);

    var node = new org.objectweb.asm.tree.ClassNode();
    new ClassReader(result.rewritten()).accept(node, 0);
    assertEquals(List.of("<init>", "plusOne", "plusOne", "plusOne$spindle$resume", "huge"),
        node.methods.stream().map(m -> m.name).toList(),
        "huge() is back as written (with a throwing body); plusOne() is still rewritten");
    Class<?> rewritten = load("gen.Huge", result.rewritten());
    assertEquals(42, callSuspending(rewritten, "plusOne", null));
    assertEquals(message, thrownBy(rewritten, "huge", null).getMessage());
  }

  /** Not a failure: ASM widens jumps over 32 KB itself, in a second pass of its writer. */
  @Test
  void a_state_machine_whose_jumps_pass_32_kb_is_written_and_runs() throws Exception {
    byte[] original = new GeneratedAsyncClass("gen/Long").longAfterAwait("long", 10, 40_006)
        .toByteArray();
    TransformResult result = transformer.transform("gen/Long", original);
    assertEquals(List.of(), result.refusals());
    assertEquals(41 + (40_006 - 19) / 3, callSuspending(load("gen.Long", result.rewritten()),
        "long", null));
  }

  @Test
  void a_state_machine_over_asms_frame_limit_is_refused_with_its_sizes_and_its_neighbour_runs()
      throws Exception {
    byte[] original = new GeneratedAsyncClass("gen/Frames").plusOne("plusOne", 3, true, 0)
        .manyFrames("frames", 10, 1000, 3000).toByteArray();
    TransformResult result = transformer.transform("gen/Frames", original);
    String message = only(result.refusals()).message();
    Matcher sizes = Pattern.compile("@Async method gen\\.Frames\\.frames\\(int\\)"
        + " \\(Frames\\.java:10\\) could not be rewritten: ASM could not write its state machine"
        + " \\(org\\.objectweb\\.asm\\.LimitExceededException: Too many allocated bytes; its stack"
        + " map frames take about (\\d+) bytes, over ASM's limit of 10485760 per method; the"
        + " method as written has 16490 bytes of code, its state machine (\\d+)\\); split it into"
        + " smaller @Async methods, and please report it with the class file"
        + " \\(-Dspindle\\.dump=<dir> writes it\\)").matcher(message);
    assertTrue(sizes.matches(), message);
    assertTrue(Long.parseLong(sizes.group(1)) > 10_485_760, message);
    assertTrue(Integer.parseInt(sizes.group(2)) >= 16490, message);

    Class<?> rewritten = load("gen.Frames", result.rewritten());
    assertEquals(42, callSuspending(rewritten, "plusOne", null));
    assertEquals(message, thrownBy(rewritten, "frames", null).getMessage());
  }

  @Test
  void an_exception_in_one_methods_analysis_refuses_that_method_and_its_neighbour_runs()
      throws Exception {
    byte[] original = new GeneratedAsyncClass("gen/Broken").plusOne("plusOne", 3, true, 0)
        .stackUnderflow("broken", 10).toByteArray();
    TransformResult result = transformer.transform("gen/Broken", original);
    String message = only(result.refusals()).message();
    assertTrue(message.startsWith("@Async method gen.Broken.broken(Task) (Broken.java:10) could"
        + " not be rewritten: "), message);
    assertTrue(message.endsWith("; please report it with the class file (-Dspindle.dump=<dir>"
        + " writes it)"), message);

    Class<?> rewritten = load("gen.Broken", result.rewritten());
    assertEquals(42, callSuspending(rewritten, "plusOne", null));
    assertEquals(message, thrownBy(rewritten, "broken", null).getMessage());
  }

  /**
   * A class whose constant pool fits as written, not with every state machine (ASM throws
   * ClassTooLargeException for the whole class): the largest is left out, and the constants of
   * its own go with it, so the class then fits with the other one rewritten.
   */
  @Test
  void a_class_too_large_with_every_state_machine_leaves_out_the_largest() throws Exception {
    int constants = new ClassReader(transformer.transform("gen/Crowded",
        crowded(0).toByteArray()).rewritten()).getItemCount();
    int fields = 65_536 - constants; // each adds its name: one constant over the limit
    TransformResult result = transformer.transform("gen/Crowded", crowded(fields).toByteArray());
    String message = only(result.refusals()).message();
    Matcher sizes = Pattern.compile("@Async method gen\\.Crowded\\.large\\(Task\\)"
        + " \\(Crowded\\.java:10\\) was not rewritten: its class could not be written with every"
        + " state machine in it \\(org\\.objectweb\\.asm\\.ClassTooLargeException: Class too"
        + " large: gen/Crowded: its constant pool would need (\\d+) entries, over the JVM's limit"
        + " of 65535\\), so they were left out largest first, this one of (\\d+) bytes of code \\(the"
        + " method as written has 1219\\); move some @Async methods to another class, or split"
        + " this one").matcher(message);
    assertTrue(sizes.matches(), message);
    assertTrue(Integer.parseInt(sizes.group(1)) > 65_535, message);
    assertTrue(Integer.parseInt(sizes.group(2)) > 1219, message);

    Class<?> rewritten = load("gen.Crowded", result.rewritten());
    assertEquals(42, callSuspending(rewritten, "plusOne", null));
    assertEquals(message, thrownBy(rewritten, "large", null).getMessage());
  }

  /** {@code large}: 19 bytes, and 300 constants of its own loaded by ldc_w (3 bytes) and popped. */
  private static GeneratedAsyncClass crowded(int fields) {
    GeneratedAsyncClass crowded = new GeneratedAsyncClass("gen/Crowded").fields(fields);
    return crowded.plusOne("plusOne", 3, true, 0).ownConstants("large", 10, 300);
  }

  /**
   * ASM cannot write a method the rewriter never touches (with frames expanded, as the rewriter
   * reads them): no method can be blamed, so the class is reported and loads as it was.
   */
  @Test
  void a_class_asm_cannot_write_even_untouched_is_reported_and_left_as_it_was() {
    byte[] original = new GeneratedAsyncClass("gen/Stuck").plusOne("plusOne", 3, true, 0)
        .plainManyFrames("plain", 1000, 3000).toByteArray();
    TransformResult result = transformer.transform("gen/Stuck", original);
    assertEquals(null, result.rewritten());
    List<String> messages = result.refusals().stream().map(Refusal::message).toList();
    assertEquals(2, messages.size(), messages.toString());
    assertTrue(messages.get(0).startsWith("@Async method gen.Stuck.plusOne(Task) (Stuck.java:3)"
        + " was not rewritten: its class could not be written with every state machine in it"
        + " (org.objectweb.asm.LimitExceededException: Too many allocated bytes), so they were"
        + " left out largest first, this one of "), messages.get(0));
    assertEquals("class gen.Stuck could not be written by the Spindle agent even with none of"
        + " its @Async methods rewritten (org.objectweb.asm.LimitExceededException: Too many"
        + " allocated bytes): it loads unchanged, so its @Async methods throw at their first"
        + " await; please report it with the class file", messages.get(1));
  }

  private static Refusal only(List<Refusal> refusals) {
    assertEquals(1, refusals.size(), refusals.toString());
    return refusals.get(0);
  }
}
