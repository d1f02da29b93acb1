package dev.spindle.agent.twins;

/**
 * The failure of an awaited task: the async method sees it thrown at its {@code await}, the twin
 * at the matching {@code src.v*(...)} call.
 */
public final class SourceFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceFailure(String message) {
    super(message, null, false, false); // no stack trace: it is compared by type and message
  }
}
