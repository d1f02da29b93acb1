package dev.spindle.examples;

/**
 * A connection ended by a failure that was not the client's doing: a {@link Handler} threw, or
 * the server's own code did. The connection was closed; the server and its other connections go
 * on. Given to {@link ServerHooks#failures()}.
 *
 * @param connection  the connection's number, as {@code --trace} prints it
 * @param peer        the client's address
 * @param request     the request being answered, such as {@code GET /x HTTP/1.1}, or null when
 *                    the failure came before the connection's first request was read
 * @param failure     what was thrown
 */
public record HandlerFailure(long connection, Object peer, String request, Throwable failure) {
  /** One line for a person: what failed, where, and that only this connection was closed. */
  @Override
  public String toString() {
    return "connection " + connection + " from " + peer + " failed"
        + (request == null ? "" : " answering " + request) + " with " + failure
        + "; it was closed, the server goes on";
  }
}
