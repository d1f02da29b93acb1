package dev.spindle.internal.frame;

/**
 * Re-enters the state machine of one {@code @Async} method.
 *
 * <p>Generated code, never written by hand: the agent links one constant, non-capturing instance
 * per rewritten method through {@code invokedynamic} and {@code LambdaMetafactory}; its target is
 * a synthetic static bridge in the user's class that calls the state machine with the frame.
 * See {@code docs/bytecode-contract.md}.
 */
@FunctionalInterface
public interface Resumer {
  /** Continues the method suspended in {@code frame} at {@code frame.state}. */
  void resume(AsyncFrame<?> frame);
}
