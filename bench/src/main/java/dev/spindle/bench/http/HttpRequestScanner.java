package dev.spindle.bench.http;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;

/**
 * Finds where one HTTP/1.x request ends in a buffer, without copying or allocating, and notes the
 * two facts a hello server needs: whether the path is {@code /} and whether the client wants the
 * connection closed. Requests may be pipelined: scan again from {@link #requestEnd()}.
 *
 * <p>Not a general HTTP parser: it checks the request line's shape, honours
 * {@code Content-Length} (the body is skipped) and refuses heads over {@link #MAX_HEAD} bytes and
 * bodies over {@link #MAX_BODY}, so a request never outgrows {@link #MAX_REQUEST}.
 * One instance per thread; the fields describe the last scan.
 */
public final class HttpRequestScanner {
  /** Largest request head accepted; a longer one is a bad request. */
  public static final int MAX_HEAD = 8192;
  /** Largest body accepted (hello servers read none); a longer one is a bad request. */
  public static final int MAX_BODY = 16 * 1024;
  /** The largest request a server must be able to hold: its input buffer's least size. */
  public static final int MAX_REQUEST = MAX_HEAD + MAX_BODY;

  /** The buffer holds a whole request; see {@link #requestEnd()}. */
  public static final int COMPLETE = 1;
  /** More bytes are needed. */
  public static final int INCOMPLETE = 0;
  /** Not a request this server understands; answer 400 and close. */
  public static final int MALFORMED = -1;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] CONNECTION = "connection:".getBytes(US_ASCII);
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(US_ASCII);

  private int requestEnd;
  private boolean rootPath;
  private boolean closeRequested;

  /**
   * Scans the request that starts at absolute index {@code start} of {@code buffer}, reading up to
   * (excluding) {@code limit}. Returns {@link #COMPLETE}, {@link #INCOMPLETE} or {@link #MALFORMED}.
   */
  public int scan(ByteBuffer buffer, int start, int limit) {
    int lineEnd = indexOf(buffer, LF, start, limit);
    if (lineEnd < 0) {
      return limit - start > MAX_HEAD ? MALFORMED : INCOMPLETE;
    }
    int firstSpace = indexOf(buffer, (byte) ' ', start, lineEnd);
    int secondSpace = firstSpace < 0 ? -1 : indexOf(buffer, (byte) ' ', firstSpace + 1, lineEnd);
    if (firstSpace <= start || secondSpace < 0 || !isVersion(buffer, secondSpace + 1, lineEnd)) {
      return MALFORMED;
    }
    boolean http10 = buffer.get(secondSpace + 8) == '0';
    rootPath = secondSpace == firstSpace + 2 && buffer.get(firstSpace + 1) == '/';
    closeRequested = http10;
    long contentLength = 0;
    int lineStart = lineEnd + 1;
    while (true) {
      lineEnd = indexOf(buffer, LF, lineStart, limit);
      if (lineEnd < 0) {
        return limit - start > MAX_HEAD ? MALFORMED : INCOMPLETE;
      }
      int contentEnd = lineEnd > lineStart && buffer.get(lineEnd - 1) == CR ? lineEnd - 1 : lineEnd;
      if (contentEnd == lineStart) {
        break; // the empty line: end of the head
      }
      if (startsWithIgnoreCase(buffer, lineStart, contentEnd, CONNECTION)) {
        int valueStart = lineStart + CONNECTION.length;
        if (containsIgnoreCase(buffer, valueStart, contentEnd, "close")) {
          closeRequested = true;
        } else if (http10 && containsIgnoreCase(buffer, valueStart, contentEnd, "keep-alive")) {
          closeRequested = false;
        }
      } else if (startsWithIgnoreCase(buffer, lineStart, contentEnd, CONTENT_LENGTH)) {
        contentLength = parseLength(buffer, lineStart + CONTENT_LENGTH.length, contentEnd);
        if (contentLength < 0 || contentLength > MAX_BODY) {
          return MALFORMED;
        }
      }
      lineStart = lineEnd + 1;
    }
    if (lineEnd + 1 - start > MAX_HEAD) {
      return MALFORMED;
    }
    long end = lineEnd + 1 + contentLength;
    if (end > limit) {
      return INCOMPLETE;
    }
    requestEnd = (int) end;
    return COMPLETE;
  }

  /** Absolute index just past the request found by the last {@link #COMPLETE} scan. */
  public int requestEnd() {
    return requestEnd;
  }

  /** Whether the last complete request asked for {@code /}. */
  public boolean rootPath() {
    return rootPath;
  }

  /** Whether the last complete request asked to close the connection after the response. */
  public boolean closeRequested() {
    return closeRequested;
  }

  private static int indexOf(ByteBuffer buffer, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buffer.get(i) == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** {@code HTTP/1.0} or {@code HTTP/1.1}, then CR LF or LF. */
  private static boolean isVersion(ByteBuffer buffer, int from, int lineEnd) {
    int length = (lineEnd > from && buffer.get(lineEnd - 1) == CR ? lineEnd - 1 : lineEnd) - from;
    return length == 8
        && buffer.get(from) == 'H' && buffer.get(from + 1) == 'T' && buffer.get(from + 2) == 'T'
        && buffer.get(from + 3) == 'P' && buffer.get(from + 4) == '/' && buffer.get(from + 5) == '1'
        && buffer.get(from + 6) == '.'
        && (buffer.get(from + 7) == '0' || buffer.get(from + 7) == '1');
  }

  private static boolean startsWithIgnoreCase(ByteBuffer buffer, int from, int to, byte[] lowerPrefix) {
    if (to - from < lowerPrefix.length) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length; i++) {
      if (lower(buffer.get(from + i)) != lowerPrefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsIgnoreCase(ByteBuffer buffer, int from, int to, String lowerWord) {
    int last = to - lowerWord.length();
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < lowerWord.length(); j++) {
        if (lower(buffer.get(i + j)) != lowerWord.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }

  /** The decimal value between {@code from} and {@code to}, spaces around it allowed; -1 if none. */
  private static long parseLength(ByteBuffer buffer, int from, int to) {
    long value = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      byte b = buffer.get(i);
      if (b >= '0' && b <= '9') {
        if (++digits > 12) {
          return -1;
        }
        value = value * 10 + (b - '0');
      } else if (b != ' ' && b != '\t') {
        return -1;
      }
    }
    return digits == 0 ? -1 : value;
  }
}
