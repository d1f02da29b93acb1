package dev.spindle.examples.http;

/**
 * A request this server refuses: the status to answer with and why, as text for a person. The
 * connection answers it and then closes, since after a bad request it cannot know where the
 * next one starts.
 *
 * <p>Unchecked so that it crosses {@code await} without wrapping; it carries no stack trace,
 * since it is an expected outcome of bad input, not a bug.
 */
public final class HttpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status status;

  public HttpException(Status status, String detail) {
    super(detail, null, false, false);
    this.status = status;
  }

  public Status status() {
    return status;
  }

  /** {@code 400 Bad Request: <detail>}. */
  @Override
  public String toString() {
    return status.code() + " " + status.reason() + ": " + getMessage();
  }
}
