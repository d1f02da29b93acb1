package dev.spindle.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chunked-body decoder fed as a connection feeds it: bytes appended to a buffer that is
 * compacted between reads, body bytes taken where they lie. Each split is exact here, which a
 * socket cannot promise (the kernel may merge two writes); {@code ChunkedBodyTest} sends the same
 * splits over a real socket.
 */
class ChunkedDecoderTest {
  /** Extensions (with and without a value, after whitespace), upper-case hex, a trailer. */
  static final String BODY = "5;name=value\r\nhello\r\n1A ; flag\r\nabcdefghijklmnopqrstuvwxyz\r\n"
      + "0\r\nX-Checksum: 42\r\n\r\n";
  static final String DECODED = "helloabcdefghijklmnopqrstuvwxyz";
  private static final String NEXT = "GET / HTTP/1.1\r\n";

  private final ChunkedDecoder decoder = new ChunkedDecoder(1024, 64);
  private final ByteBuffer in = ByteBuffer.allocate(2048).flip();
  private final StringBuilder body = new StringBuilder();

  private void append(String text) {
    in.compact().put(text.getBytes(StandardCharsets.ISO_8859_1)).flip();
  }

  /** Takes body bytes, at most {@code take} at a time, until the body ends or input runs out. */
  private boolean decode(int take) {
    for (int available; (available = decoder.advance(in)) != ChunkedDecoder.END; ) {
      if (available == 0) {
        assertEquals(0, in.remaining(), "0 only once every byte is consumed");
        return false;
      }
      int length = Math.min(available, take);
      body.append(new String(in.array(), in.position(), length, StandardCharsets.ISO_8859_1));
      in.position(in.position() + length);
      decoder.consumed(length);
    }
    return true;
  }

  private String rest() {
    return StandardCharsets.ISO_8859_1.decode(in).toString();
  }

  private HttpException refused(String framing) {
    append(framing);
    return assertThrows(HttpException.class, () -> decode(Integer.MAX_VALUE));
  }

  @Test
  void decodesChunksAndStopsRightAfterTheTrailers() {
    append(BODY + NEXT);
    assertTrue(decode(Integer.MAX_VALUE));
    assertEquals(DECODED, body.toString());
    assertEquals(DECODED.length(), decoder.bodyBytes());
    assertEquals(NEXT, rest());
  }

  @Test
  void aBodySplitInTwoAtEveryByteDecodesTheSame() {
    String whole = BODY + NEXT;
    for (int split = 0; split <= BODY.length(); split++) {
      decoder.start();
      in.clear().flip();
      body.setLength(0);
      append(whole.substring(0, split));
      boolean ended = decode(Integer.MAX_VALUE);
      assertEquals(split == BODY.length(), ended, "ended after " + split + " bytes");
      append(whole.substring(split));
      assertTrue(ended || decode(Integer.MAX_VALUE), "split at " + split);
      assertEquals(DECODED, body.toString(), "split at " + split);
      assertEquals(NEXT, rest(), "split at " + split);
    }
  }

  @Test
  void aBodyArrivingByteByByteTakenByteByByteDecodesTheSame() {
    for (int i = 0; i < BODY.length(); i++) {
      assertEquals(false, decode(1), "ended after " + i + " bytes");
      append(BODY.substring(i, i + 1));
    }
    assertTrue(decode(1));
    assertEquals(DECODED, body.toString());
  }

  @Test
  void aBodyWithNoDataIsJustTheLastChunk() {
    append("000\r\n\r\n" + NEXT);
    assertTrue(decode(Integer.MAX_VALUE));
    assertEquals("", body.toString());
    assertEquals(NEXT, rest());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "x\r\n", // not hex
      "\r\n", // no size
      "-5\r\n", // a sign
      "0x5\r\n", // a prefix
      "5\nhello\r\n", // bare LF after the size
      "5\rhello\r\n", // CR without LF
      "5 x\r\n", // whitespace, then not an extension
      "5;a\u0001b\r\n", // control character in an extension
      "5;a\nb\r\n", // bare LF in an extension
      "5\r\nhelloX\r\n", // data longer than the size
      "5\r\nhello\n0\r\n\r\n", // bare LF after data
      "0\r\nX-Trailer: 1\n\r\n", // bare LF in the trailer section
      "0\r\nX-Trailer: \u0000\r\n\r\n", // control character in a trailer
      "0\r\n\rX", // CR without LF at the end
      "00000000000000005\r\n"}) // seventeen digits
  void malformedFramingIs400(String framing) {
    HttpException error = refused(framing);
    assertEquals(Status.BAD_REQUEST, error.status(), error.getMessage());
    assertTrue(error.getMessage().startsWith("malformed chunked body ("), error.getMessage());
  }

  @Test
  void messagesNameTheRuleThePlaceAndTheByte() {
    assertEquals("malformed chunked body (a chunk size must be hex digits, then CRLF or ';' and"
        + " an extension, RFC 9112 section 7.1): found \\x0A in the size line of chunk 2, after 5"
        + " body bytes", refused("5\r\nhello\r\n3\n").getMessage());
    decoder.start();
    in.clear().flip();
    assertEquals("malformed chunked body (chunk data must be followed by CRLF; is the chunk"
        + " longer than its size says?, RFC 9112 section 7.1): found X after the data of chunk 1,"
        + " after 5 body bytes", refused("5\r\nhelloX").getMessage());
  }

  @Test
  void aBodyOverTheLimitIs413AsSoonAsItsSizeIsRead() {
    HttpException error = refused("200\r\n" + "x".repeat(512) + "\r\n201\r\n");
    assertEquals(Status.CONTENT_TOO_LARGE, error.status());
    assertEquals("a request body must be at most 1024 bytes (--max-body): chunk 2 of this one"
        + " takes it past that, after 512 bytes", error.getMessage());
    assertEquals(512, body.length(), "no byte of the chunk past the limit was handed out");
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    append("400\r\n" + "x".repeat(1024) + "\r\n0\r\n\r\n");
    assertTrue(decode(Integer.MAX_VALUE));
    assertEquals(1024, body.length());
  }

  @Test
  void aHugeSizeIs413NotAnOverflow() {
    assertEquals(Status.CONTENT_TOO_LARGE, refused("ffffffffffffffff\r\n").status());
  }

  @Test
  void extensionsAndTrailersAreBounded() {
    assertEquals(Status.BAD_REQUEST, refused("1;" + "e".repeat(65) + "\r\n").status());
    decoder.start();
    in.clear().flip();
    assertEquals(Status.HEADERS_TOO_LARGE,
        refused("0\r\nX-Trailer: " + "t".repeat(60) + "\r\n\r\n").status());
  }

  @Test
  void startForgetsABodyLeftHalfway() {
    append("5\r\nhel");
    decode(Integer.MAX_VALUE);
    decoder.start();
    in.clear().flip();
    body.setLength(0);
    append("2\r\nok\r\n0\r\n\r\n");
    assertTrue(decode(Integer.MAX_VALUE));
    assertEquals("ok", body.toString());
  }

  @Test
  void consumingMoreThanWasAnnouncedIsRefused() {
    append("2\r\nok");
    assertEquals(2, decoder.advance(in));
    assertEquals("ChunkedDecoder.consumed(3) must follow an advance() that announced at least"
        + " that many body bytes; 2 left",
        assertThrows(IllegalStateException.class, () -> decoder.consumed(3)).getMessage());
  }
}
