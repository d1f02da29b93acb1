package dev.spindle.examples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses into a connection's output buffer: the precomputed hello response, short
 * text responses for errors, and heads for bodies the caller streams itself. Writes bytes
 * straight into the buffer and allocates nothing; the caller makes room first
 * ({@link #MAX_TEXT_RESPONSE} bytes for anything but a streamed body).
 *
 * <p>Where {@code HttpExchange.sendResponseHeaders} builds a header map and formats it for every
 * response, this copies ready-made byte arrays; only the Date line changes, once a second.
 */
public final class ResponseWriter {
  /** Upper bound of a hello or text response, head included. */
  public static final int MAX_TEXT_RESPONSE = 1024;
  /** Bytes a chunk adds around its data: 8 hex digits of size and two CRLFs, at most. */
  public static final int CHUNK_FRAMING = 12;

  static final String HELLO_BODY = "Hello, world!";

  private static final byte[] HELLO_HEAD = ascii(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n");
  private static final byte[] HELLO_BODY_BYTES = ascii(HELLO_BODY);
  private static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
  private static final byte[] CRLF = ascii("\r\n");
  private static final byte[] TEXT_PLAIN = ascii("Content-Type: text/plain\r\n");
  private static final byte[] OCTET_STREAM = ascii("Content-Type: application/octet-stream\r\n");
  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
  private static final byte[] ALLOW = ascii("Allow: ");
  private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
  private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
  /**
   * For a connection the server has no room for. No Date: a 5xx may go without one (RFC 9110
   * section 6.6.1), and without one the bytes never change.
   */
  private static final String OVER_CAPACITY_TEXT = "Service Unavailable: this server is serving"
      + " as many connections as it may (--max-connections); try again later\n";
  private static final byte[] OVER_CAPACITY = ascii("HTTP/1.1 503 Service Unavailable\r\n"
      + "Content-Type: text/plain\r\nContent-Length: " + OVER_CAPACITY_TEXT.length() + "\r\n"
      + "Connection: close\r\n\r\n" + OVER_CAPACITY_TEXT);

  private final HttpDate date;

  ResponseWriter(HttpDate date) {
    this.date = date;
  }

  public static ResponseWriter withSystemClock() {
    return new ResponseWriter(HttpDate.systemClock());
  }

  /** {@code 200 OK} with {@code Hello, world!}, or only its head for a HEAD request. */
  public void hello(ByteBuffer out, boolean headOnly, ConnectionHeader connection) {
    out.put(HELLO_HEAD).put(date.line()).put(connection.line()).put(CRLF);
    if (!headOnly) {
      out.put(HELLO_BODY_BYTES);
    }
  }

  /** {@code 100 Continue}: the client may send the body it announced. */
  public void continueInterim(ByteBuffer out) {
    out.put(CONTINUE);
  }

  /**
   * A response with a short ASCII text body (a line of it, ended by a newline we add), such as
   * an error; {@code allow} is the Allow header's value for 405, else null.
   */
  public void text(ByteBuffer out, Status status, String text, boolean headOnly,
      ConnectionHeader connection, String allow) {
    out.put(status.statusLine()).put(date.line()).put(TEXT_PLAIN);
    out.put(CONTENT_LENGTH);
    Ascii.putDecimal(out, text.length() + 1);
    out.put(CRLF);
    if (allow != null) {
      out.put(ALLOW);
      Ascii.put(out, allow);
      out.put(CRLF);
    }
    out.put(connection.line()).put(CRLF);
    if (!headOnly) {
      Ascii.put(out, text);
      out.put((byte) '\n');
    }
  }

  /** The head of a {@code 200 OK} whose {@code contentLength} body bytes the caller writes. */
  public void streamedHead(ByteBuffer out, long contentLength, ConnectionHeader connection) {
    out.put(Status.OK.statusLine()).put(date.line()).put(OCTET_STREAM);
    out.put(CONTENT_LENGTH);
    Ascii.putDecimal(out, contentLength);
    out.put(CRLF).put(connection.line()).put(CRLF);
  }

  /**
   * The head of a {@code 200 OK} whose body the caller streams as chunks ({@link #chunk}, then
   * {@link #lastChunk}), for an answer whose length is not known when it starts.
   */
  public void chunkedHead(ByteBuffer out, ConnectionHeader connection) {
    out.put(Status.OK.statusLine()).put(date.line()).put(OCTET_STREAM).put(CHUNKED);
    out.put(connection.line()).put(CRLF);
  }

  /**
   * One chunk holding {@code length} (at least 1) bytes of {@code array} from {@code offset};
   * takes {@link #CHUNK_FRAMING} bytes of {@code out} beside the data.
   */
  public void chunk(ByteBuffer out, byte[] array, int offset, int length) {
    Ascii.putHex(out, length);
    out.put(CRLF).put(array, offset, length).put(CRLF);
  }

  /** The end of a chunked body, with no trailer. */
  public void lastChunk(ByteBuffer out) {
    out.put(LAST_CHUNK);
  }

  /** The whole {@code 503} with {@code Connection: close} for a connection over the limit. */
  public static ByteBuffer overCapacity() {
    return ByteBuffer.wrap(OVER_CAPACITY).asReadOnlyBuffer();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
