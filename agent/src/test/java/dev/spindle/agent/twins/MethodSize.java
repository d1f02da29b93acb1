package dev.spindle.agent.twins;

/**
 * One {@code @Async} method's code before and after the rewrite: the {@code code_length} of the
 * original method and of its state machine.
 *
 * @param place class and method, for reports ({@code generated.twins.Large61.a2})
 * @param original the original method's code length
 * @param rewritten the state machine's code length, or -1 when the method was refused
 * @param awaitSites the calls of {@code Await.await} in the original
 * @param refusal why it was refused, or {@code null}
 */
record MethodSize(String place, int original, int rewritten, int awaitSites, String refusal) {
  /** The per-site allowance of both budgets, in bytes. */
  static final int BYTES_PER_AWAIT_SITE = 48;

  boolean refused() {
    return rewritten < 0;
  }

  double ratio() {
    return (double) rewritten / original;
  }

  /** {@code factor × original + 48 × await sites}: what the state machine may take. */
  int budget(int factor) {
    return factor * original + BYTES_PER_AWAIT_SITE * awaitSites;
  }

  /** The state machine's size over the budget: above 1 when it takes more. */
  double toBudget(int factor) {
    return (double) rewritten / budget(factor);
  }
}
