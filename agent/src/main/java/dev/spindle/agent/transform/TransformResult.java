package dev.spindle.agent.transform;

import java.util.List;

/**
 * What the transformer did to one class: new bytes (null if untouched), its refusals, and its
 * notices (rewritten, but worth a warning).
 */
public record TransformResult(byte[] rewritten, List<Refusal> refusals, List<Notice> notices) {
  public TransformResult {
    refusals = List.copyOf(refusals);
    notices = List.copyOf(notices);
  }

  /** A result with no notices. */
  public TransformResult(byte[] rewritten, List<Refusal> refusals) {
    this(rewritten, refusals, List.of());
  }
}
