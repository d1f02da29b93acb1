package dev.spindle.examples;

/**
 * The client ended the exchange in a way that leaves nothing to answer: it closed in the middle
 * of a body, or stopped reading our response. The connection just closes. Unchecked, and without
 * a stack trace, since it is an expected outcome and not a bug.
 */
final class ClientGone extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClientGone(String reason) {
    super(reason, null, false, false);
  }
}
