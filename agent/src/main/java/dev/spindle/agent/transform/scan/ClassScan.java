package dev.spindle.agent.transform.scan;

import dev.spindle.agent.transform.Refusal;
import java.util.List;

/**
 * What {@link AsyncMethodScanner} found in one class.
 *
 * @param rewritable {@code @Async} methods to rewrite
 * @param refused {@code @Async} methods to replace with a throwing body
 * @param reported await calls outside {@code @Async} methods (lambda bodies, plain methods): they
 *     are reported, and each await of such a method throws the report at run time
 */
public record ClassScan(List<AsyncMethod> rewritable, List<RefusedMethod> refused,
    List<Refusal> reported) {
  public ClassScan {
    rewritable = List.copyOf(rewritable);
    refused = List.copyOf(refused);
    reported = List.copyOf(reported);
  }

  /** Every refusal, refused methods first. */
  public List<Refusal> refusals() {
    List<Refusal> all = new java.util.ArrayList<>();
    refused.forEach(r -> all.add(r.refusal()));
    all.addAll(reported);
    return all;
  }

  /** Whether there is nothing to change in the class (a reported await is redirected). */
  public boolean changesNothing() {
    return rewritable.isEmpty() && refused.isEmpty() && reported.isEmpty();
  }
}
