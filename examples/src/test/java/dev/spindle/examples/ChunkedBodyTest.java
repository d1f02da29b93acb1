package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunked request bodies (RFC 9112 section 7.1) over real sockets: echoed back chunked, dropped
 * before the next request on other paths, extensions ignored, trailers read and dropped, every
 * split of the bytes across writes, malformed framing 400, bodies over {@code --max-body} 413.
 */
@Timeout(60)
class ChunkedBodyTest {
  private static final String HEAD = "Host: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  private static final String BODY = "5;name=value\r\nhello\r\n1A ; flag\r\n"
      + "abcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Checksum: 42\r\n\r\n";
  private static final String DECODED = "helloabcdefghijklmnopqrstuvwxyz";
  private static final int MAX_BODY = 100;

  private static InProcessServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = InProcessServer.start("--max-body", String.valueOf(MAX_BODY));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void serverStillAnswersAGoodRequest() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
    }
  }

  private static RawClient.Response refused(String request, int status) throws IOException {
    return RawClient.refused(server.port(), request, status);
  }

  @Test
  void aChunkedBodyIsEchoedChunked() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send("POST /echo HTTP/1.1\r\n" + HEAD + BODY)
          .readFullResponse();
      assertEquals(200, response.status());
      assertEquals("chunked", response.header("Transfer-Encoding"));
      assertEquals(DECODED, response.body());
    }
  }

  /**
   * Each request goes in two writes, split at one byte boundary, the next request right behind
   * it. The kernel may still merge the two writes; {@code ChunkedDecoderTest} splits exactly.
   */
  @Test
  void aBodySplitAcrossTwoWritesAtEveryByteIsReadTheSame() throws IOException {
    String echo = "POST /echo HTTP/1.1\r\n" + HEAD + BODY;
    String dropped = "POST /missing HTTP/1.1\r\n" + HEAD + BODY;
    try (RawClient client = new RawClient(server.port())) {
      client.socket.setTcpNoDelay(true);
      for (int split = 1; split < echo.length(); split++) {
        client.send(echo.substring(0, split)).send(echo.substring(split));
        assertEquals(DECODED, client.readFullResponse().body(), "echo split at " + split);
      }
      for (int split = 1; split < dropped.length(); split++) {
        client.send(dropped.substring(0, split)).send(dropped.substring(split) + get("/"));
        assertEquals(404, client.readFullResponse().status(), "split at " + split);
        assertEquals("Hello, world!", client.readFullResponse().body(), "after split " + split);
      }
    }
  }

  @Test
  void aBodySentByteByByteIsEchoed() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.socket.setTcpNoDelay(true);
      for (byte b : ("POST /echo HTTP/1.1\r\n" + HEAD + BODY).getBytes(StandardCharsets.US_ASCII)) {
        client.send(new byte[] {b});
      }
      assertEquals(DECODED, client.readFullResponse().body());
    }
  }

  @Test
  void expectContinueIsAnsweredBeforeAChunkedBody() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("POST /echo HTTP/1.1\r\nExpect: 100-continue\r\n" + HEAD);
      RawClient.Response interim = client.readResponse();
      assertEquals(100, interim.status());
      assertEquals(DECODED, client.send(BODY).readFullResponse().body());
    }
  }

  @Test
  void echoedChunksLeaveBeforeTheRestOfTheBodyArrives() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("POST /echo HTTP/1.1\r\n" + HEAD + "5\r\nhello\r\n");
      assertEquals(200, client.readResponse().status());
      assertEquals("5\r\nhello\r\n", client.readBytes(10));
      client.send("0\r\n\r\n");
      assertEquals("0\r\n\r\n", client.readBytes(5));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"x\r\n", "\r\n", "-5\r\n", "5\nhello\r\n0\r\n\r\n", "5\rhello",
      "5 x\r\n", "5;a\u0001\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "0\r\nX-Trailer: 1\n\r\n",
      "00000000000000005\r\n"})
  void malformedChunkSizesAndFramingAre400(String body) throws IOException {
    RawClient.Response response = refused("POST /missing HTTP/1.1\r\n" + HEAD + body, 400);
    assertTrue(response.body().startsWith("Bad Request: malformed chunked body ("),
        response.body());
  }

  @Test
  void malformedFramingAfterTheEchoHasBegunCutsTheAnswerOff() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("POST /echo HTTP/1.1\r\n" + HEAD + "5\r\nhello\r\n");
      assertEquals(200, client.readResponse().status());
      assertEquals("5\r\nhello\r\n", client.readBytes(10));
      client.send("zz\r\n");
      client.assertClosedByServer(); // no last chunk: the client knows the answer is cut off
    }
  }

  @Test
  void aChunkedBodyOverMaxBodyIs413() throws IOException {
    RawClient.Response first = refused("POST /echo HTTP/1.1\r\n" + HEAD + "65\r\n", 413);
    assertEquals("Content Too Large: a request body must be at most 100 bytes (--max-body):"
        + " chunk 1 of this one takes it past that, after 0 bytes\n", first.body());
    String sixty = "3c\r\n" + "x".repeat(60) + "\r\n";
    refused("POST /missing HTTP/1.1\r\n" + HEAD + sixty + "29\r\n", 413);
  }

  @Test
  void aChunkedBodyOfExactlyMaxBodyIsEchoed() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      String hundred = "x".repeat(MAX_BODY);
      client.send("POST /echo HTTP/1.1\r\n" + HEAD + "64\r\n" + hundred + "\r\n0\r\n\r\n");
      assertEquals(hundred, client.readFullResponse().body());
    }
  }

  @Test
  void aContentLengthOverMaxBodyIs413() throws IOException {
    RawClient.Response response = refused("POST /echo HTTP/1.1\r\nHost: h\r\n"
        + "Content-Length: 101\r\n\r\n", 413);
    assertEquals("Content Too Large: a request body must be at most 100 bytes (--max-body):"
        + " Content-Length is 101\n", response.body());
    refused("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999\r\n\r\n", 413);
  }

  @Test
  void otherTransferCodingsAre501AndHttp10ChunkedIs400() throws IOException {
    refused("POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
    refused("POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400);
  }
}
