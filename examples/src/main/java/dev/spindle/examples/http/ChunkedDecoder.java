package dev.spindle.examples.http;

import java.nio.ByteBuffer;

/**
 * Reads the framing of a chunked request body (RFC 9112 section 7.1) in a connection's input
 * buffer, in place and incrementally: the caller gets the body's bytes where they arrived, and
 * the decoder consumes only the framing around them (chunk sizes, extensions, CRLFs, trailers).
 *
 * <pre>
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 * </pre>
 *
 * <p>Chunk extensions are skipped and trailer fields read and dropped, as the RFC lets a
 * recipient do. Strict where laxness lets two parsers disagree on where a body ends (request
 * smuggling): every line ends with CRLF (a bare LF or CR is refused), chunk data must be followed
 * by CRLF, a size is at most 16 hex digits, and extensions and trailers may not hold control
 * characters. Bounded: the body by {@code maxBodyBytes} (413), extensions and trailers together
 * by {@code maxFramingBytes} (400 and 431).
 *
 * <p>The state is a few fields reused for every body, so decoding allocates nothing. Not
 * thread-safe: one decoder per connection.
 */
public final class ChunkedDecoder {
  /** {@link #advance} when the body has ended, its trailers consumed. */
  public static final int END = -1;

  private static final int MAX_SIZE_DIGITS = 16;

  // States, named by what the next byte must be. Legal moves:
  // SIZE -> SIZE | SIZE_WHITESPACE | EXTENSION | SIZE_LF
  // SIZE_WHITESPACE -> SIZE_WHITESPACE | EXTENSION;  EXTENSION -> EXTENSION | SIZE_LF
  // SIZE_LF -> DATA (size > 0) | TRAILER (size 0);  DATA -> DATA_CR (its bytes handed out)
  // DATA_CR -> DATA_LF -> SIZE;  TRAILER -> TRAILER_FIELD | LAST_LF
  // TRAILER_FIELD -> TRAILER_FIELD | TRAILER_LF;  TRAILER_LF -> TRAILER;  LAST_LF -> DONE
  private static final int SIZE = 0;
  private static final int SIZE_WHITESPACE = 1;
  private static final int EXTENSION = 2;
  private static final int SIZE_LF = 3;
  private static final int DATA = 4;
  private static final int DATA_CR = 5;
  private static final int DATA_LF = 6;
  private static final int TRAILER = 7;
  private static final int TRAILER_FIELD = 8;
  private static final int TRAILER_LF = 9;
  private static final int LAST_LF = 10;
  private static final int DONE = 11;

  private final long maxBodyBytes;
  private final int maxFramingBytes;

  private int state;
  /** While in SIZE: the size read so far. In DATA: the chunk's bytes not yet handed out. */
  private long chunkLeft;
  private int sizeDigits;
  /** Body bytes announced by the chunk sizes read so far. */
  private long bodyBytes;
  /** Chunks whose size line has been read, the last chunk included; for messages. */
  private int chunks;
  private int extensionBytes;
  private int trailerBytes;

  /**
   * @param maxBodyBytes     the largest body accepted, the sum of its chunk sizes
   * @param maxFramingBytes  the most bytes of chunk extensions, and separately of trailer
   *                         fields, accepted in one body
   */
  public ChunkedDecoder(long maxBodyBytes, int maxFramingBytes) {
    this.maxBodyBytes = maxBodyBytes;
    this.maxFramingBytes = maxFramingBytes;
    start();
  }

  /** Prepares for a new body, whatever happened to the last one. */
  public void start() {
    state = SIZE;
    chunkLeft = 0;
    sizeDigits = 0;
    bodyBytes = 0;
    chunks = 0;
    extensionBytes = 0;
    trailerBytes = 0;
  }

  /** Body bytes announced by the chunk sizes read so far. */
  public long bodyBytes() {
    return bodyBytes;
  }

  /**
   * Consumes framing from {@code in}'s position up to the next body bytes.
   *
   * @param in  a heap buffer in read mode
   * @return how many body bytes start at {@code in}'s position (at least 1; the caller takes
   *     some or all of them and reports them to {@link #consumed}); 0 when every byte of
   *     {@code in} has been consumed and more input is needed; {@link #END} when the body has
   *     ended, {@code in}'s position then just past it (at the next request)
   * @throws HttpException for malformed framing (400), a body over the limit (413), or
   *     extensions or trailers over theirs (400, 431)
   */
  public int advance(ByteBuffer in) {
    byte[] array = in.array();
    int offset = in.arrayOffset();
    int position = in.position();
    int limit = in.limit();
    while (true) {
      if (state == DATA) {
        in.position(position);
        if (chunkLeft > 0) {
          return (int) Math.min(chunkLeft, limit - position);
        }
        state = DATA_CR;
      }
      if (state == DONE) {
        in.position(position);
        return END;
      }
      if (position == limit) {
        in.position(position);
        return 0;
      }
      byte next = array[offset + position];
      position++;
      step(next);
    }
  }

  /** The caller took {@code count} of the body bytes {@link #advance} announced. */
  public void consumed(int count) {
    if (state != DATA || count < 0 || count > chunkLeft) {
      throw new IllegalStateException("ChunkedDecoder.consumed(" + count + ") must follow an"
          + " advance() that announced at least that many body bytes; " + chunkLeft + " left");
    }
    chunkLeft -= count;
  }

  private void step(byte next) {
    switch (state) {
      case SIZE -> size(next);
      case SIZE_WHITESPACE -> {
        if (next == ';') {
          state = EXTENSION;
        } else if (next != ' ' && next != '\t') {
          throw malformed("only ';' and a chunk extension may follow whitespace after a chunk"
              + " size", next);
        }
      }
      case EXTENSION -> extension(next);
      case SIZE_LF -> {
        expectLf(next, "a chunk size line");
        sizeLineEnded();
      }
      case DATA_CR -> {
        if (next != '\r') {
          throw malformed("chunk data must be followed by CRLF; is the chunk longer than its"
              + " size says?", next);
        }
        state = DATA_LF;
      }
      case DATA_LF -> {
        expectLf(next, "chunk data");
        state = SIZE;
      }
      case TRAILER -> {
        if (next == '\r') {
          state = LAST_LF;
        } else {
          state = TRAILER_FIELD;
          trailerField(next);
        }
      }
      case TRAILER_FIELD -> trailerField(next);
      case TRAILER_LF -> {
        expectLf(next, "a trailer field");
        state = TRAILER;
      }
      case LAST_LF -> {
        expectLf(next, "the trailer section");
        state = DONE;
      }
      default -> throw new IllegalStateException("ChunkedDecoder has no state " + state);
    }
  }

  private void size(byte next) {
    int digit = Character.digit(next, 16);
    if (digit >= 0) {
      if (++sizeDigits > MAX_SIZE_DIGITS) {
        throw malformed("a chunk size must be at most " + MAX_SIZE_DIGITS + " hex digits", next);
      }
      chunkLeft = chunkLeft * 16 + digit;
      if (chunkLeft > maxBodyBytes - bodyBytes) {
        throw new HttpException(Status.CONTENT_TOO_LARGE, "a request body must be at most "
            + maxBodyBytes + " bytes (--max-body): chunk " + (chunks + 1) + " of this one takes it"
            + " past that, after " + bodyBytes + " bytes");
      }
      return;
    }
    if (sizeDigits == 0) {
      throw malformed("a chunk must start with its size in hex digits", next);
    }
    switch (next) {
      case ';' -> state = EXTENSION;
      case ' ', '\t' -> state = SIZE_WHITESPACE;
      case '\r' -> state = SIZE_LF;
      default -> throw malformed("a chunk size must be hex digits, then CRLF or ';' and an"
          + " extension", next);
    }
  }

  private void extension(byte next) {
    if (next == '\r') {
      state = SIZE_LF;
      return;
    }
    if (isControl(next)) {
      throw malformed("a chunk extension must not hold a control character or a bare LF", next);
    }
    if (++extensionBytes > maxFramingBytes) {
      throw new HttpException(Status.BAD_REQUEST, "the chunk extensions of a request body must"
          + " be at most " + maxFramingBytes + " bytes in all; those up to chunk " + (chunks + 1)
          + " have more: send no extensions (this server ignores them)");
    }
  }

  private void sizeLineEnded() {
    chunks++;
    sizeDigits = 0;
    if (chunkLeft == 0) {
      state = TRAILER;
    } else {
      bodyBytes += chunkLeft;
      state = DATA;
    }
  }

  private void trailerField(byte next) {
    if (next == '\r') {
      state = TRAILER_LF;
      return;
    }
    if (isControl(next)) {
      throw malformed("a trailer field must not hold a control character or a bare LF", next);
    }
    if (++trailerBytes > maxFramingBytes) {
      throw new HttpException(Status.HEADERS_TOO_LARGE, "the trailer fields of a request body"
          + " must be at most " + maxFramingBytes + " bytes in all: send fewer or shorter ones");
    }
  }

  private void expectLf(byte next, String what) {
    if (next != '\n') {
      throw malformed(what + " must end with CRLF; a CR must be followed by LF", next);
    }
  }

  private static boolean isControl(byte b) {
    return (b >= 0 && b < 0x20 && b != '\t') || b == 0x7F;
  }

  private HttpException malformed(String rule, byte found) {
    return new HttpException(Status.BAD_REQUEST, "malformed chunked body (" + rule
        + ", RFC 9112 section 7.1): found " + Ascii.snippet(new byte[] {found}, 0, 1) + " "
        + where());
  }

  private String where() {
    String place = state >= TRAILER ? "in the trailer section"
        : state == DATA_CR || state == DATA_LF ? "after the data of chunk " + chunks
        : "in the size line of chunk " + (chunks + 1);
    return place + ", after " + bodyBytes + " body bytes";
  }
}
