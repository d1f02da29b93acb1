package dev.spindle.agent.transform;

/**
 * Orchestrates the pure phases (scan, analyse, spill, rewrite) over one class file.
 * PLACEHOLDER: the agentcore branch fills it in; the signature is the contract with the agent's
 * installation code.
 */
public final class AsyncClassTransformer {
  private final TransformOptions options;

  public AsyncClassTransformer(TransformOptions options) {
    this.options = options;
  }

  /**
   * Rewrites the {@code @Async} methods of one class.
   *
   * @param internalName the class's internal name (slashes), for messages
   * @param classFile the class file as loaded
   * @return the outcome: new bytes, or {@code null} bytes when the class is left untouched, and
   *     every refusal (each also compiled into the refused method as a throwing body)
   */
  public TransformResult transform(String internalName, byte[] classFile) {
    return new TransformResult(null, java.util.List.of());
  }

  public TransformOptions options() {
    return options;
  }
}
