package dev.spindle.examples.http;

import java.nio.charset.StandardCharsets;

/** The response statuses this server sends, each with its status line ready to copy. */
public enum Status {
  CONTINUE(100, "Continue"),
  OK(200, "OK"),
  BAD_REQUEST(400, "Bad Request"),
  NOT_FOUND(404, "Not Found"),
  METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
  REQUEST_TIMEOUT(408, "Request Timeout"),
  CONTENT_TOO_LARGE(413, "Content Too Large"),
  EXPECTATION_FAILED(417, "Expectation Failed"),
  HEADERS_TOO_LARGE(431, "Request Header Fields Too Large"),
  INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
  NOT_IMPLEMENTED(501, "Not Implemented"),
  SERVICE_UNAVAILABLE(503, "Service Unavailable"),
  VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

  private final int code;
  private final String reason;
  private final byte[] statusLine;

  Status(int code, String reason) {
    this.code = code;
    this.reason = reason;
    // We always answer as HTTP/1.1, as RFC 9110 asks of a server that speaks it, also to 1.0.
    this.statusLine = ("HTTP/1.1 " + code + " " + reason + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }

  /** {@code HTTP/1.1 <code> <reason>\r\n}; callers must not change the array. */
  byte[] statusLine() {
    return statusLine;
  }
}
