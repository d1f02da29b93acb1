package dev.spindle.examples;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cuts what one chat client sends into lines and checks each: a line ends with {@code \n} (a
 * {@code \r} before it is dropped), holds at most {@code maxLineBytes} bytes, and is UTF-8 text
 * without control characters (a tab is allowed), so that no client can make another's terminal
 * obey escape sequences. A line that breaks a rule is refused with a {@link BadLine} whose
 * message is the error line the client gets.
 *
 * <p>The input buffer holds one line at most plus what arrived after it, so a client that never
 * ends its line costs {@code maxLineBytes} and then an error, not memory without bound. Checking
 * a line allocates nothing; each accepted line becomes one array, shared by every recipient.
 *
 * <p>One connection's reader only (no thread safety).
 */
final class ChatLines {
  private final int maxLineBytes;
  private final byte[] bytes;
  /** Over {@link #bytes}: where reads land ({@link #room()}), and each line's view when checked. */
  private final ByteBuffer window;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer chars;
  /** The first byte not yet consumed. */
  private int start;
  /** The end of what has been read. */
  private int end;
  /** Bytes before this were searched for {@code \n} already. */
  private int searched;

  ChatLines(int maxLineBytes) {
    this.maxLineBytes = maxLineBytes;
    // A whole line with its \r\n fits, and reads are never tiny.
    this.bytes = new byte[Math.max(maxLineBytes + 2, 4096)];
    this.window = ByteBuffer.wrap(bytes);
    this.chars = CharBuffer.allocate(maxLineBytes); // UTF-8 never has more chars than bytes
  }

  /**
   * Where the next read should put its bytes: the buffer in write mode, after what is kept.
   * Call {@link #received()} once the read has finished.
   */
  ByteBuffer room() {
    if (start > 0) {
      System.arraycopy(bytes, start, bytes, 0, end - start);
      end -= start;
      searched -= start;
      start = 0;
    }
    window.limit(bytes.length).position(end);
    return window;
  }

  /** A read into {@link #room()} has finished. */
  void received() {
    end = window.position();
  }

  /**
   * The next complete line, prefixed with {@code prefix} and ended with {@code \n}, ready to be
   * sent; or {@code null} when no complete line has arrived yet (read more into {@link #room()}).
   *
   * @throws BadLine if the line breaks a rule; the connection should end with its message
   */
  byte[] next(byte[] prefix) throws BadLine {
    int newline = -1;
    for (int i = searched; i < end; i++) {
      if (bytes[i] == '\n') {
        newline = i;
        break;
      }
    }
    if (newline < 0) {
      searched = end;
      // A \r may still come before the \n: one byte more is not yet too long.
      if (end - start > maxLineBytes + 1) {
        throw tooLong();
      }
      return null;
    }
    int lineEnd = newline > start && bytes[newline - 1] == '\r' ? newline - 1 : newline;
    int length = lineEnd - start;
    if (length > maxLineBytes) {
      throw tooLong();
    }
    check(start, length);
    byte[] line = new byte[prefix.length + length + 1];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(bytes, start, line, prefix.length, length);
    line[line.length - 1] = '\n';
    start = newline + 1;
    searched = start;
    return line;
  }

  private BadLine tooLong() {
    return new BadLine("lines must be at most " + maxLineBytes + " bytes (--max-line), end of"
        + " line excluded; this one is longer");
  }

  /** UTF-8 without control characters, or a {@link BadLine} that says where it is not. */
  private void check(int from, int length) throws BadLine {
    window.limit(from + length).position(from);
    chars.clear();
    utf8.reset();
    CoderResult result = utf8.decode(window, chars, true);
    if (result.isError()) {
      throw new BadLine("lines must be UTF-8 text; this one is not, at byte "
          + (window.position() - from + 1));
    }
    chars.flip();
    for (int i = 0; i < chars.limit(); i++) {
      char c = chars.get(i);
      if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
        throw new BadLine("lines must not hold control characters other than tab; this one has"
            + " U+" + String.format("%04X", (int) c) + " at character " + (i + 1));
      }
    }
  }

  /** A line that breaks a rule; the message says which, for the client's error line. */
  static final class BadLine extends Exception {
    private static final long serialVersionUID = 1L;

    BadLine(String message) {
      super(message, null, false, false); // the client's mistake: no stack trace to fill
    }
  }
}
