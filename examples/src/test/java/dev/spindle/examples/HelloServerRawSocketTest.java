package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HelloServer in this JVM, spoken to through plain sockets: pipelining, bad input, resets.
 * After each bad input the server must still answer a good request on a new connection.
 */
@Timeout(30)
class HelloServerRawSocketTest {
  private static InProcessServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = InProcessServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void serverStillAnswersAGoodRequest() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send(get("/")).readFullResponse();
      assertEquals("HTTP/1.1 200 OK", response.statusLine());
      assertEquals("Hello, world!", response.body());
    }
  }

  private static RawClient.Response refused(String request, int status) throws IOException {
    return RawClient.refused(server.port(), request, status);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send(get("/") + get("/missing")
          + "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nabcde"
          + "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n" + get("/"));
      assertEquals("Hello, world!", client.readFullResponse().body());
      assertEquals(404, client.readFullResponse().status());
      assertEquals("abcde", client.readFullResponse().body());
      RawClient.Response head = client.readResponse();
      assertEquals("13", head.header("Content-Length"));
      assertEquals("Hello, world!", client.readFullResponse().body());
      assertNull(head.header("Connection"), "HTTP/1.1 keeps the connection without saying so");
    }
  }

  @Test
  void requestSentByteByByteIsAnswered() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.socket.setTcpNoDelay(true);
      for (byte b : get("/").getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
        client.send(new byte[] {b});
      }
      assertEquals("Hello, world!", client.readFullResponse().body());
    }
  }

  @Test
  void connectionCloseIsHonoured() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send(
          "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").readFullResponse();
      assertEquals("Hello, world!", response.body());
      assertEquals("close", response.header("Connection"));
      client.assertClosedByServer();
    }
  }

  @Test
  void http10ClosesAfterTheResponse() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      RawClient.Response response = client.send("GET / HTTP/1.0\r\n\r\n").readFullResponse();
      assertEquals("HTTP/1.1 200 OK", response.statusLine());
      assertEquals("close", response.header("Connection"));
      client.assertClosedByServer();
    }
  }

  @Test
  void http10KeepsTheConnectionWhenAskedTo() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      String request = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
      assertEquals("keep-alive", client.send(request).readFullResponse().header("Connection"));
      assertEquals("Hello, world!", client.send(request).readFullResponse().body());
    }
  }

  @Test
  void bodyOfARequestThatIsNotEchoedIsSkippedBeforeTheNextRequest() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      String body = "GET / HTTP/1.1\r\n\r\n"; // looks like a request, but is a body
      client.send("POST /missing HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length()
          + "\r\n\r\n" + body + get("/"));
      assertEquals(404, client.readFullResponse().status());
      assertEquals("Hello, world!", client.readFullResponse().body());
    }
  }

  @Test
  void malformedRequestLineIs400AndCloses() throws IOException {
    RawClient.Response response = refused("GET /\r\nHost: h\r\n\r\n", 400);
    assertEquals("Bad Request: malformed request line (the target must be followed by one space"
        + " and the version, as in GET / HTTP/1.1): GET /\n", response.body());
  }

  @Test
  void garbageIs400() throws IOException {
    refused("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n", 400);
  }

  @Test
  void malformedHeaderIs400AndCloses() throws IOException {
    refused("GET / HTTP/1.1\r\nHost: h\r\nBad Header: x\r\n\r\n", 400);
  }

  @Test
  void missingHostIs400() throws IOException {
    refused("GET / HTTP/1.1\r\n\r\n", 400);
  }

  @Test
  void headersOver8KiBAre431() throws IOException {
    refused("GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + "x".repeat(9000) + "\r\n\r\n", 431);
  }

  @Test
  void requestLineOver8KiBIs431() throws IOException {
    refused("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: h\r\n\r\n", 431);
  }

  @Test
  void headersArrivingEndlesslyAre431WhileTheClientIsStillSending() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("GET / HTTP/1.1\r\nHost: h\r\n");
      for (int i = 0; i < 12; i++) {
        client.send("X-Header-" + i + ": " + "v".repeat(1000) + "\r\n");
      }
      RawClient.Response response = client.readFullResponse();
      assertEquals(431, response.status());
    }
  }

  @Test
  void unknownMethodIs501AndKeepsTheConnection() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      assertEquals(501, client.send("BREW / HTTP/1.1\r\nHost: h\r\n\r\n").readFullResponse()
          .status());
      assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
    }
  }

  @Test
  void unsupportedVersionIs505() throws IOException {
    refused("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505);
  }


  @Test
  void halfSentRequestFollowedByCloseIsForgotten() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("GET / HTTP/1.1\r\nHost: h\r\nUser-Ag");
      client.socket.shutdownOutput();
      assertEquals(400, client.readFullResponse().status());
      client.assertClosedByServer();
    }
  }

  @Test
  void halfSentBodyFollowedByCloseIsForgotten() throws IOException {
    try (RawClient client = new RawClient(server.port())) {
      client.send("POST /missing HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly this");
      client.socket.shutdownOutput();
      client.assertClosedByServer();
    }
  }

  @Test
  void clientResettingMidRequestLeavesTheServerServing() throws IOException {
    RawClient client = new RawClient(server.port());
    client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 100000\r\n\r\n"
        + "x".repeat(20_000));
    client.socket.setSoLinger(true, 0);
    client.close(); // RST instead of FIN
  }

  @Test
  void clientResettingWhileResponsesAreQueuedLeavesTheServerServing() throws IOException {
    RawClient client = new RawClient(server.port());
    client.send(get("/").repeat(2000));
    client.socket.setSoLinger(true, 0);
    client.close();
  }

  @Test
  void idleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (InProcessServer quick = InProcessServer.start("--idle-timeout", "300ms");
        RawClient client = new RawClient(quick.port())) {
      assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
      long start = System.nanoTime();
      client.assertClosedByServer(); // blocks up to 15 s, far above the 300 ms idle timeout
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(waitedMillis >= 250, "closed after " + waitedMillis + " ms");
    }
  }

  @Test
  void requestStalledHalfwayGets408AfterTheIdleTimeout() throws Exception {
    try (InProcessServer quick = InProcessServer.start("--idle-timeout", "300ms");
        RawClient client = new RawClient(quick.port())) {
      client.send("GET / HTTP/1.1\r\nHo");
      RawClient.Response response = client.readFullResponse();
      assertEquals(408, response.status());
      assertEquals("close", response.header("Connection"));
      client.assertClosedByServer();
    }
  }
}
