package dev.spindle.agent.transform;

/**
 * Switches that change what the rewriter emits.
 *
 * @param alwaysSuspend emit no fast path: every await suspends, even on a finished task (tests)
 */
public record TransformOptions(boolean alwaysSuspend) {
  public static final TransformOptions DEFAULT = new TransformOptions(false);
}
