package dev.spindle.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  private final RequestParser parser = new RequestParser(8192, "/", "/echo");
  private final Request request = new Request();

  private static ByteBuffer input(String text) {
    ByteBuffer buffer = ByteBuffer.allocate(16384);
    buffer.put(text.getBytes(StandardCharsets.ISO_8859_1)).flip();
    return buffer;
  }

  private static void append(ByteBuffer in, String text) {
    in.compact();
    in.put(text.getBytes(StandardCharsets.ISO_8859_1));
    in.flip();
  }

  private HttpException refused(String text) {
    return assertThrows(HttpException.class, () -> parser.parse(input(text), request));
  }

  @Test
  void parsesAGetAndStopsAtItsEnd() {
    ByteBuffer in = input("GET / HTTP/1.1\r\nHost: localhost:7878\r\nUser-Agent: curl\r\n\r\nNEXT");
    assertTrue(parser.parse(in, request));
    assertEquals(Method.GET, request.method());
    assertSame("/", request.target(), "a known target is the interned string, not a copy");
    assertEquals(1, request.minorVersion());
    assertEquals(Request.NO_CONTENT_LENGTH, request.contentLength());
    assertTrue(request.keepAlive());
    assertEquals("NEXT", StandardCharsets.ISO_8859_1.decode(in).toString());
  }

  @Test
  void headArrivingOneByteAtATimeIsParsedWhenComplete() {
    String head = "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n";
    ByteBuffer in = input("");
    for (int i = 0; i < head.length(); i++) {
      assertFalse(parser.parse(in, request), "incomplete after " + i + " bytes");
      append(in, head.substring(i, i + 1));
    }
    assertTrue(parser.parse(in, request));
    assertEquals(Method.POST, request.method());
    assertEquals(5, request.contentLength());
    assertEquals(head.length(), request.headLength());
    assertFalse(in.hasRemaining());
  }

  @Test
  void pipelinedHeadsAreParsedOneAfterAnother() {
    ByteBuffer in = input("GET / HTTP/1.1\r\nHost: h\r\n\r\nHEAD /x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n");
    assertTrue(parser.parse(in, request));
    assertEquals(Method.GET, request.method());
    assertTrue(parser.parse(in, request));
    assertEquals(Method.HEAD, request.method());
    assertEquals("/x?y=1", request.target());
    assertEquals("/x", request.path());
    assertFalse(parser.parse(in, request));
  }

  @Test
  void bareLineFeedsEndLinesAndLeadingEmptyLinesAreSkipped() {
    ByteBuffer in = input("\r\n\nGET / HTTP/1.0\nConnection: Keep-Alive\n\n");
    assertTrue(parser.parse(in, request));
    assertEquals(0, request.minorVersion());
    assertTrue(request.keepAlive());
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() {
    assertTrue(parser.parse(input("GET / HTTP/1.0\r\n\r\n"), request));
    assertFalse(request.keepAlive());
  }

  @Test
  void connectionCloseIsFoundInAListOfOptions() {
    assertTrue(parser.parse(input("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade , CLOSE\r\n\r\n"),
        request));
    assertFalse(request.keepAlive());
  }

  @Test
  void expectContinueIsRecognised() {
    assertTrue(parser.parse(input("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
        + "Expect: 100-Continue\r\n\r\n"), request));
    assertTrue(request.expectsContinue());
  }

  @Test
  void unknownMethodTokenIsOther() {
    assertTrue(parser.parse(input("BREW / HTTP/1.1\r\nHost: h\r\n\r\n"), request));
    assertEquals(Method.OTHER, request.method());
  }

  @Test
  void headOverTheLimitIs431AsSoonAsTheLimitIsPassed() {
    ByteBuffer in = input("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "a".repeat(8200));
    HttpException error = assertThrows(HttpException.class, () -> parser.parse(in, request));
    assertEquals(Status.HEADERS_TOO_LARGE, error.status());
    assertEquals("the request line and headers must fit in 8192 bytes; this head has more and has"
        + " not ended: send fewer or shorter headers", error.getMessage());
  }

  @Test
  void headOfExactlyTheLimitIsAccepted() {
    String start = "GET / HTTP/1.1\r\nHost: h\r\nX-Fill: ";
    String head = start + "a".repeat(8192 - start.length() - 4) + "\r\n\r\n";
    assertEquals(8192, head.length());
    assertTrue(parser.parse(input(head), request));
    assertEquals(Status.HEADERS_TOO_LARGE, refused(head.replace("X-Fill: ", "X-Fill: a")).status());
  }

  @Test
  void requestLineOverTheLimitIs431() {
    assertEquals(Status.HEADERS_TOO_LARGE, refused("GET /" + "a".repeat(9000)).status());
  }

  @Test
  void malformedRequestLinesAre400WithTheRuleAndTheLine() {
    HttpException error = refused("GET  / HTTP/1.1\r\nHost: h\r\n\r\n");
    assertEquals(Status.BAD_REQUEST, error.status());
    assertEquals("malformed request line (the target must be followed by one space and the version,"
        + " as in GET / HTTP/1.1): GET  / HTTP/1.1", error.getMessage());
    assertEquals(Status.BAD_REQUEST, refused("hello\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1 extra\r\nHost: h\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTX/1.1\r\nHost: h\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("G(T / HTTP/1.1\r\nHost: h\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET /\u0001 HTTP/1.1\r\nHost: h\r\n\r\n").status());
  }

  @Test
  void otherMajorVersionsAre505() {
    HttpException error = refused("GET / HTTP/2.0\r\nHost: h\r\n\r\n");
    assertEquals(Status.VERSION_NOT_SUPPORTED, error.status());
    assertEquals("this server speaks HTTP/1.1 and HTTP/1.0, not HTTP/2.0", error.getMessage());
  }

  @Test
  void malformedHeaderFieldsAre400() {
    HttpException error = refused("GET / HTTP/1.1\r\nHost h\r\n\r\n");
    assertEquals("malformed header field on line 2 (it must be a name, a colon right after it, and"
        + " a value): Host h", error.getMessage());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1\r\nHost : h\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1\r\nHost: h\rX\r\n\r\n").status());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1\r\n: h\r\n\r\n").status());
  }

  @Test
  void controlCharactersAreShownEscapedInMessages() {
    HttpException error = refused("GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n");
    assertEquals("malformed header field on line 2 (its value holds a control character):"
        + " Host: a\\x00b", error.getMessage());
  }

  @Test
  void framingConflictsAre400() {
    assertEquals("a request must not have both Transfer-Encoding and Content-Length: send one of"
        + " them", refused("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: 3\r\n\r\n").getMessage());
    assertEquals("a request must not have two different Content-Length values: 3 and 4",
        refused("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n")
            .getMessage());
    assertEquals(Status.BAD_REQUEST, refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n")
        .status());
    assertEquals(Status.BAD_REQUEST, refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n")
        .status());
  }

  @Test
  void repeatedEqualContentLengthIsAccepted() {
    assertTrue(parser.parse(input("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
        + "content-length: 3\r\n\r\n"), request));
    assertEquals(3, request.contentLength());
  }

  @Test
  void hostIsRequiredOnceInHttp11() {
    assertEquals("an HTTP/1.1 request must have a Host header (RFC 9112 section 3.2): add Host:"
        + " <name>", refused("GET / HTTP/1.1\r\n\r\n").getMessage());
    assertEquals(Status.BAD_REQUEST, refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").status());
    assertTrue(parser.parse(input("GET / HTTP/1.0\r\n\r\n"), request));
  }

  @Test
  void otherExpectationsAre417() {
    assertEquals(Status.EXPECTATION_FAILED,
        refused("GET / HTTP/1.1\r\nHost: h\r\nExpect: tea\r\n\r\n").status());
  }

  @Test
  void chunkedIsReported() {
    assertTrue(parser.parse(input("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked"
        + "\r\n\r\n"), request));
    assertTrue(request.hasTransferEncoding());
    assertTrue(request.isChunked());
    assertTrue(parser.parse(input("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: ,"
        + " chunked ,\r\n\r\n"), request));
    assertTrue(request.isChunked(), "empty list elements are ignored (RFC 9110 section 5.6.1)");
    assertTrue(parser.parse(input("POST /echo HTTP/1.1\r\nHost: h\r\n\r\n"), request));
    assertFalse(request.isChunked());
  }

  @Test
  void codingsOtherThanChunkedAre501() {
    HttpException error = refused("POST /echo HTTP/1.1\r\nHost: h\r\n"
        + "Transfer-Encoding: gzip, chunked\r\n\r\n");
    assertEquals(Status.NOT_IMPLEMENTED, error.status());
    assertEquals("the only transfer coding this server decodes is chunked, not gzip: send the"
        + " body chunked or with Content-Length", error.getMessage());
  }

  @Test
  void chunkedTwiceOrMissingOrInHttp10Is400() {
    assertEquals("chunked must be applied once (RFC 9112 section 6.1): Transfer-Encoding lists it"
        + " twice", refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n").getMessage());
    assertEquals("a request with Transfer-Encoding must list chunked last (RFC 9112 section 6.3),"
        + " or its end cannot be found: send Transfer-Encoding: chunked",
        refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n").getMessage());
    assertEquals("an HTTP/1.0 request must not have Transfer-Encoding (RFC 9112 section 6.1):"
        + " send Content-Length, or HTTP/1.1",
        refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n").getMessage());
  }

  @Test
  void requestIsResetBetweenHeads() {
    ByteBuffer in = input("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nConnection: close"
        + "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
    assertTrue(parser.parse(in, request));
    assertFalse(request.keepAlive());
    assertTrue(parser.parse(in, request));
    assertTrue(request.keepAlive());
    assertEquals(Request.NO_CONTENT_LENGTH, request.contentLength());
  }

  @Test
  void aHeadSplitInTwoAnywhereParsesAsTheWholeHead() {
    String head = "\r\nPOST /echo HTTP/1.1\r\nHost: h\r\nConnection: close\r\n"
        + "Content-Length: 12\r\nExpect: 100-continue\r\n\r\n";
    for (int split = 0; split <= head.length(); split++) {
      RequestParser fresh = new RequestParser(8192, "/", "/echo");
      Request parsed = new Request();
      ByteBuffer in = input(head.substring(0, split));
      if (split < head.length()) {
        assertFalse(fresh.parse(in, parsed), "complete after " + split + " bytes");
        append(in, head.substring(split));
      }
      assertTrue(fresh.parse(in, parsed), "split at " + split);
      assertEquals(Method.POST, parsed.method(), "split at " + split);
      assertSame("/echo", parsed.target());
      assertEquals(12, parsed.contentLength());
      assertFalse(parsed.keepAlive());
      assertTrue(parsed.expectsContinue());
      assertEquals(head.length() - 2, parsed.headLength(), "the leading empty line is skipped");
      assertFalse(in.hasRemaining());
    }
  }

  @Test
  void aRefusedHeadLeavesTheParserReadyForAFreshOne() {
    ByteBuffer in = input("GET / HTTP/1.1\r\nBad Header: x\r\n");
    assertThrows(HttpException.class, () -> parser.parse(in, request));
    assertTrue(parser.parse(input("GET /echo HTTP/1.1\r\nHost: h\r\n\r\n"), request));
    assertSame("/echo", request.target());
  }
}
