package dev.spindle.bench.http;

import java.nio.charset.StandardCharsets;

/**
 * The exact bytes every hello server in this module answers with, so that the load test compares
 * servers, not responses: {@code 200}, {@code Content-Type: text/plain}, {@code Content-Length: 13},
 * {@code Hello, world!}, as Spindle's HelloServer does.
 */
public final class HelloResponses {
  private HelloResponses() {}

  public static final String BODY = "Hello, world!";

  /** {@code GET /} on a connection that stays open. */
  public static final byte[] OK = ascii("HTTP/1.1 200 OK\r\n"
      + "Content-Type: text/plain\r\n"
      + "Content-Length: 13\r\n"
      + "\r\n"
      + BODY);

  /** {@code GET /} when the client asked for {@code Connection: close} (or spoke HTTP/1.0). */
  public static final byte[] OK_CLOSE = ascii("HTTP/1.1 200 OK\r\n"
      + "Content-Type: text/plain\r\n"
      + "Content-Length: 13\r\n"
      + "Connection: close\r\n"
      + "\r\n"
      + BODY);

  /** Any other path. */
  public static final byte[] NOT_FOUND = ascii("HTTP/1.1 404 Not Found\r\n"
      + "Content-Type: text/plain\r\n"
      + "Content-Length: 10\r\n"
      + "\r\n"
      + "Not Found\n");

  /** A request that is not HTTP/1.x, or whose head exceeds {@link HttpRequestScanner#MAX_HEAD}. */
  public static final byte[] BAD_REQUEST = ascii("HTTP/1.1 400 Bad Request\r\n"
      + "Content-Length: 0\r\n"
      + "Connection: close\r\n"
      + "\r\n");

  /** The response for a request the scanner has just accepted. */
  public static byte[] responseFor(HttpRequestScanner scanner) {
    if (!scanner.rootPath()) {
      return NOT_FOUND;
    }
    return scanner.closeRequested() ? OK_CLOSE : OK;
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
