package dev.spindle.examples;

import dev.spindle.Task;
import dev.spindle.examples.http.Request;

/**
 * Answers the requests for one path that {@link ServerHooks} gave the server, with a short text
 * body ({@code 200 OK}, {@code text/plain}). Usually an {@code @Async} method or an async lambda:
 * it may {@code await}, and it runs on the connection's event loop, like a servlet's
 * {@code service} method but without a thread of its own.
 *
 * <p>The server reads and drops the request's body before calling it. Whatever it throws, or
 * fails its task with, {@code Error}s included, ends only its own connection (with a
 * {@code 500} when no byte of the answer has left) and goes to {@link ServerHooks#failures()}.
 */
@FunctionalInterface
public interface Handler {
  /** The most text a handler may answer with: it must fit the connection's output buffer. */
  int MAX_TEXT_LENGTH = 512;

  /**
   * The body to answer {@code request} with: ASCII, at most {@link #MAX_TEXT_LENGTH} characters.
   * {@code request} is the connection's own and is reused for its next request, so read what is
   * needed before the task ends.
   */
  Task<String> handle(Request request);
}
