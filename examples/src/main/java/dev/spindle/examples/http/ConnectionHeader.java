package dev.spindle.examples.http;

import java.nio.charset.StandardCharsets;

/** The Connection header a response carries, if any. */
public enum ConnectionHeader {
  /** HTTP/1.1 keeps the connection open without saying so. */
  NONE(""),
  /** We close after this response. */
  CLOSE("Connection: close\r\n"),
  /** An HTTP/1.0 client asked to keep the connection open, and we agree. */
  KEEP_ALIVE("Connection: keep-alive\r\n");

  private final byte[] line;

  ConnectionHeader(String line) {
    this.line = line.getBytes(StandardCharsets.US_ASCII);
  }

  /** The header line for a response to {@code request} that keeps the connection or not. */
  public static ConnectionHeader of(Request request, boolean keepOpen) {
    if (!keepOpen) {
      return CLOSE;
    }
    return request.minorVersion() == 0 ? KEEP_ALIVE : NONE;
  }

  byte[] line() {
    return line;
  }
}
