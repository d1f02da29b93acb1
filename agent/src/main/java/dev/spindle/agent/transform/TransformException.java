package dev.spindle.agent.transform;

/**
 * A method the pipeline cannot rewrite, found while rewriting it (rather than by the scanner).
 * The transformer turns it into a {@link Refusal} for that method only; the message says what
 * was found, for the refusal's "could not be rewritten: ..." text.
 */
public final class TransformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransformException(String message) {
    super(message);
  }
}
