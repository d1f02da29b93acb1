package dev.spindle.agent.transform;

import static dev.spindle.agent.transform.support.GeneratedClasses.callSuspending;
import static dev.spindle.agent.transform.support.GeneratedClasses.load;
import static dev.spindle.agent.transform.support.GeneratedClasses.thrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.agent.transform.support.GeneratedAsyncClass;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The JVM allows 255 parameter slots ({@code this} included), and a state machine takes its
 * method's parameters and one more, the frame: an {@code @Async} method with 254 slots is
 * rewritten, one with 255 is refused alone, and its class still loads and runs.
 */
@Timeout(60)
class ParameterSlotsTest {
  private final AsyncClassTransformer transformer =
      new AsyncClassTransformer(TransformOptions.DEFAULT);

  @Test
  void a_method_of_255_slots_is_refused_and_its_neighbours_of_254_and_2_are_rewritten()
      throws Exception {
    byte[] original = new GeneratedAsyncClass("gen/Wide").plusOne("plusOne", 3, true, 0)
        .plusOne("wide", 10, true, 253) // the task and 253 ints: 254 slots
        .plusOne("tooWide", 20, true, 254) // 255 slots
        .plusOne("tooWideInstance", 30, false, 253) // this, the task and 253 ints: 255
        .toByteArray();
    TransformResult result = transformer.transform("gen/Wide", original);
    String ints = ", int".repeat(254);
    assertEquals(List.of(refused("tooWide(Task" + ints + ") (Wide.java:20)"),
        refused("tooWideInstance(Task" + ints.substring(", int".length()) + ") (Wide.java:30)")),
        result.refusals().stream().map(Refusal::message).toList());

    Class<?> rewritten = load("gen.Wide", result.rewritten());
    assertEquals(42, callSuspending(rewritten, "plusOne", null));
    Object[] numbers = new Object[253];
    Arrays.fill(numbers, 0);
    numbers[252] = 100;
    assertEquals(142, callSuspending(rewritten, "wide", null, numbers));
    assertEquals(result.refusals().get(0).message(),
        thrownBy(rewritten, "tooWide", null).getMessage());
    assertEquals(result.refusals().get(1).message(), thrownBy(rewritten, "tooWideInstance",
        rewritten.getConstructor().newInstance()).getMessage());
  }

  private static String refused(String methodAndPlace) {
    return "@Async method gen.Wide." + methodAndPlace + " takes 255 parameter slots (this counts"
        + " one, long and double two), and its state machine needs one more for its frame, over"
        + " the JVM's limit of 255: pass the parameters in an object (a record) instead";
  }
}
