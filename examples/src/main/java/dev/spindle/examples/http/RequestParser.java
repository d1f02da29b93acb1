package dev.spindle.examples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds and parses request heads (request line and header fields, RFC 9112) in a connection's
 * input buffer, incrementally and within a fixed bound.
 *
 * <p>Incremental: {@link #parse} may be called each time more bytes arrive; it remembers how far
 * it has already looked and parses each line once its end arrives, so a head that arrives a byte
 * at a time is still read once. The offsets it remembers are relative to the buffer's position,
 * so the caller may {@link ByteBuffer#compact() compact} between calls but must not consume.
 *
 * <p>Bounded: a head longer than {@code maxHeadBytes} is refused with 431 as soon as that many
 * bytes have arrived without its end, so the buffer never needs to grow.
 *
 * <p>Strict where laxness is a known smuggling risk (whitespace before a colon, line folding,
 * conflicting Content-Length, Transfer-Encoding with Content-Length, in HTTP/1.0, or without
 * chunked last, missing or repeated Host);
 * lenient where RFC 9112 allows (a bare LF ends a line; empty lines before a request are skipped).
 * Not thread-safe: one parser per connection.
 *
 * <p>Compared with the JDK's own server ({@code com.sun.net.httpserver}), which reads a head
 * line by line from a blocking stream and copies every header into a map, this parser reads the
 * bytes where they arrived and keeps only what the server acts on.
 */
public final class RequestParser {
  private final int maxHeadBytes;
  private final String[] knownTargets;

  /** Bytes after the buffer's position already searched for the end of the head. */
  private int scanned;
  /** Start of the line being searched, relative to the buffer's position. */
  private int lineStart;
  /** Lines of the current head parsed so far (the request line is the first). */
  private int lines;

  /**
   * @param maxHeadBytes  the largest head accepted, request line and headers together
   * @param knownTargets  request targets returned as these very strings, so that requests for
   *                      them allocate no string. Kept, not copied, so that a parser per
   *                      connection shares one array: do not change it afterwards
   */
  public RequestParser(int maxHeadBytes, String... knownTargets) {
    this.maxHeadBytes = maxHeadBytes;
    this.knownTargets = knownTargets;
  }

  /**
   * Parses the request head that starts at {@code in}'s position, if it has fully arrived.
   *
   * @param in       a heap buffer in read mode (position to limit is unread input)
   * @param request  filled when this returns true
   * @return true when a head was parsed; {@code in}'s position is then just past it (at the body
   *     or the next request). False when more input is needed; only empty lines before the
   *     request line have been consumed.
   * @throws HttpException for a malformed head (400), one over the size limit (431), an
   *     unsupported version (505), expectation (417) or transfer coding (501)
   */
  public boolean parse(ByteBuffer in, Request request) {
    try {
      return scan(in, request);
    } catch (HttpException malformed) {
      reset(); // the connection refuses and drops what follows; start clean if it goes on
      throw malformed;
    }
  }

  /**
   * One pass over the unread bytes: each line is parsed as soon as its end arrives, so a head is
   * read once however it is split across reads, and a malformed request line is refused before
   * the rest of its head arrives.
   */
  private boolean scan(ByteBuffer in, Request request) {
    byte[] array = in.array();
    int base = in.arrayOffset() + in.position();
    int available = in.remaining();
    int limit = Math.min(available, maxHeadBytes);
    while (scanned < limit) {
      int newline = Ascii.indexOfNewline(array, base + scanned, base + limit);
      if (newline < 0) {
        scanned = limit;
        break;
      }
      scanned = newline - base;
      int lineEnd = scanned > lineStart && array[base + scanned - 1] == '\r' ? scanned - 1 : scanned;
      if (lineEnd == lineStart) {
        if (lines == 0) {
          // An empty line before the request line: RFC 9112 section 2.2 says to ignore it.
          int skipped = scanned + 1;
          in.position(in.position() + skipped);
          base += skipped;
          available -= skipped;
          limit = Math.min(available, maxHeadBytes);
          scanned = 0;
          lineStart = 0;
          continue;
        }
        request.headLength = scanned + 1;
        checkFraming(request);
        reset();
        in.position(in.position() + request.headLength);
        return true;
      }
      if (lines == 0) {
        request.reset();
        parseRequestLine(array, base + lineStart, base + lineEnd, request);
      } else {
        parseField(array, base + lineStart, base + lineEnd, lines + 1, request);
      }
      lines++;
      lineStart = ++scanned;
    }
    if (scanned >= maxHeadBytes) {
      throw tooLarge();
    }
    return false;
  }

  /** Forgets a partly scanned head, for a buffer that was cleared. */
  public void reset() {
    scanned = 0;
    lineStart = 0;
    lines = 0;
  }

  private HttpException tooLarge() {
    return new HttpException(Status.HEADERS_TOO_LARGE, "the request line and headers must fit in "
        + maxHeadBytes + " bytes; this head has more and has not ended: send fewer or shorter"
        + " headers");
  }

  private void parseRequestLine(byte[] array, int start, int end, Request request) {
    int methodEnd = start;
    while (methodEnd < end && Ascii.isToken(array[methodEnd])) {
      methodEnd++;
    }
    if (methodEnd == start || methodEnd == end || array[methodEnd] != ' ') {
      throw badRequestLine("it must start with a method token and one space", array, start, end);
    }
    int targetStart = methodEnd + 1;
    int targetEnd = targetStart;
    while (targetEnd < end && array[targetEnd] > ' ' && array[targetEnd] != 0x7F) {
      targetEnd++;
    }
    if (targetEnd == targetStart || targetEnd == end || array[targetEnd] != ' ') {
      throw badRequestLine("the target must be followed by one space and the version", array,
          start, end);
    }
    request.method = Method.of(array, start, methodEnd - start);
    request.target = target(array, targetStart, targetEnd - targetStart, request.method);
    request.minorVersion = version(array, targetEnd + 1, end, start);
  }

  private String target(byte[] array, int start, int length, Method method) {
    boolean originForm = array[start] == '/';
    boolean asterisk = length == 1 && array[start] == '*' && method == Method.OPTIONS;
    if (!originForm && !asterisk) {
      throw new HttpException(Status.BAD_REQUEST, "the request target must be a path starting"
          + " with '/' (origin-form): " + Ascii.snippet(array, start, length));
    }
    for (String known : knownTargets) {
      if (Ascii.equals(array, start, length, known)) {
        return known;
      }
    }
    return new String(array, start, length, StandardCharsets.ISO_8859_1);
  }

  private static int version(byte[] array, int start, int end, int lineStart) {
    boolean shaped = end - start == 8 && Ascii.equals(array, start, 5, "HTTP/")
        && isDigit(array[start + 5]) && array[start + 6] == '.' && isDigit(array[start + 7]);
    if (!shaped) {
      throw badRequestLine("it must end with the version HTTP/1.1 or HTTP/1.0", array, lineStart,
          end);
    }
    int major = array[start + 5] - '0';
    int minor = array[start + 7] - '0';
    if (major != 1) {
      throw new HttpException(Status.VERSION_NOT_SUPPORTED, "this server speaks HTTP/1.1 and"
          + " HTTP/1.0, not " + Ascii.snippet(array, start, 8));
    }
    return Math.min(minor, 1);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static HttpException badRequestLine(String rule, byte[] array, int start, int end) {
    return new HttpException(Status.BAD_REQUEST, "malformed request line (" + rule
        + ", as in GET / HTTP/1.1): " + Ascii.snippet(array, start, end - start));
  }

  private static void parseField(byte[] array, int start, int end, int lineNumber,
      Request request) {
    if (array[start] == ' ' || array[start] == '\t') {
      throw badField("it starts with whitespace (obsolete line folding is not accepted)",
          lineNumber, array, start, end);
    }
    int colon = start;
    while (colon < end && Ascii.isToken(array[colon])) {
      colon++;
    }
    if (colon == start || colon == end || array[colon] != ':') {
      throw badField("it must be a name, a colon right after it, and a value", lineNumber, array,
          start, end);
    }
    int valueStart = colon + 1;
    int valueEnd = end;
    while (valueStart < valueEnd && (array[valueStart] == ' ' || array[valueStart] == '\t')) {
      valueStart++;
    }
    while (valueEnd > valueStart && (array[valueEnd - 1] == ' ' || array[valueEnd - 1] == '\t')) {
      valueEnd--;
    }
    for (int i = valueStart; i < valueEnd; i++) {
      if (!Ascii.isFieldValue(array[i])) {
        throw badField("its value holds a control character", lineNumber, array, start, end);
      }
    }
    FieldSemantics.apply(array, start, colon - start, valueStart, valueEnd, request);
  }

  static HttpException badField(String rule, int lineNumber, byte[] array, int start, int end) {
    return new HttpException(Status.BAD_REQUEST, "malformed header field on line " + lineNumber
        + " (" + rule + "): " + Ascii.snippet(array, start, end - start));
  }

  private static void checkFraming(Request request) {
    if (request.transferEncoding && request.contentLength != Request.NO_CONTENT_LENGTH) {
      throw new HttpException(Status.BAD_REQUEST, "a request must not have both"
          + " Transfer-Encoding and Content-Length: send one of them");
    }
    if (request.transferEncoding && request.minorVersion == 0) {
      throw new HttpException(Status.BAD_REQUEST, "an HTTP/1.0 request must not have"
          + " Transfer-Encoding (RFC 9112 section 6.1): send Content-Length, or HTTP/1.1");
    }
    if (request.transferEncoding && !request.chunked) {
      throw new HttpException(Status.BAD_REQUEST, "a request with Transfer-Encoding must list"
          + " chunked last (RFC 9112 section 6.3), or its end cannot be found: send"
          + " Transfer-Encoding: chunked");
    }
    if (request.hostCount > 1) {
      throw new HttpException(Status.BAD_REQUEST, "a request must have one Host header, this one"
          + " has " + request.hostCount);
    }
    if (request.hostCount == 0 && request.minorVersion == 1) {
      throw new HttpException(Status.BAD_REQUEST, "an HTTP/1.1 request must have a Host header"
          + " (RFC 9112 section 3.2): add Host: <name>");
    }
  }
}
