package dev.spindle.bench.http;

import static dev.spindle.bench.http.HttpRequestScanner.COMPLETE;
import static dev.spindle.bench.http.HttpRequestScanner.INCOMPLETE;
import static dev.spindle.bench.http.HttpRequestScanner.MALFORMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestScannerTest {
  private final HttpRequestScanner scanner = new HttpRequestScanner();

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
  }

  private int scan(ByteBuffer buffer, int start) {
    return scanner.scan(buffer, start, buffer.limit());
  }

  @Test
  void findsTheEndOfAKeepAliveRequestForTheRoot() {
    ByteBuffer request = bytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertEquals(COMPLETE, scan(request, 0));
    assertEquals(request.limit(), scanner.requestEnd());
    assertTrue(scanner.rootPath());
    assertFalse(scanner.closeRequested());
  }

  @Test
  void waitsForTheRestOfAHeadCutAnywhere() {
    String whole = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    for (int cut = 0; cut < whole.length(); cut++) {
      assertEquals(INCOMPLETE, scan(bytes(whole.substring(0, cut)), 0), "cut at " + cut);
    }
  }

  @Test
  void scansPipelinedRequestsOneAfterAnother() {
    String one = "GET / HTTP/1.1\r\n\r\n";
    String two = "GET /other HTTP/1.1\r\nConnection: Close\r\n\r\n";
    ByteBuffer both = bytes(one + two + "GET");
    assertEquals(COMPLETE, scan(both, 0));
    assertEquals(one.length(), scanner.requestEnd());
    assertEquals(COMPLETE, scan(both, one.length()));
    assertEquals(one.length() + two.length(), scanner.requestEnd());
    assertFalse(scanner.rootPath());
    assertTrue(scanner.closeRequested());
    assertEquals(INCOMPLETE, scan(both, scanner.requestEnd()));
  }

  @Test
  void closesHttp10UnlessItAsksForKeepAlive() {
    assertEquals(COMPLETE, scan(bytes("GET / HTTP/1.0\r\n\r\n"), 0));
    assertTrue(scanner.closeRequested());
    assertEquals(COMPLETE, scan(bytes("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), 0));
    assertFalse(scanner.closeRequested());
  }

  @Test
  void skipsABodyByItsContentLength() {
    ByteBuffer request = bytes("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
    assertEquals(COMPLETE, scan(request, 0));
    assertEquals(request.limit(), scanner.requestEnd());
    ByteBuffer partial = bytes("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhel");
    assertEquals(INCOMPLETE, scan(partial, 0));
  }

  @Test
  void refusesWhatIsNotAnHttp1Request() {
    assertEquals(MALFORMED, scan(bytes("garbage\r\n\r\n"), 0));
    assertEquals(MALFORMED, scan(bytes("GET / HTTP/2.0\r\n\r\n"), 0));
    assertEquals(MALFORMED, scan(bytes("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"), 0));
    assertEquals(MALFORMED, scan(bytes("POST / HTTP/1.1\r\nContent-Length: "
        + (HttpRequestScanner.MAX_BODY + 1) + "\r\n\r\n"), 0));
  }

  @Test
  void refusesAHeadLongerThanTheLimit() {
    String header = "X-Filler: " + "a".repeat(HttpRequestScanner.MAX_HEAD) + "\r\n";
    assertEquals(MALFORMED, scan(bytes("GET / HTTP/1.1\r\n" + header), 0));
    assertEquals(MALFORMED, scan(bytes("GET / HTTP/1.1\r\n" + header + "\r\n"), 0));
  }
}
