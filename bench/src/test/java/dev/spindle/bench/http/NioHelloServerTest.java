package dev.spindle.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-written anchor server over real sockets: it must answer as HelloServer does. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NioHelloServerTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  private static final String GET_AND_CLOSE =
      "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  private static final String OK = undated(HelloResponses.now().ok());
  private static final String OK_CLOSE = undated(HelloResponses.now().okClose());

  /** The response with its date blanked, since a test may cross a second's turn. */
  private static String undated(byte[] response) {
    return undated(new String(response, StandardCharsets.US_ASCII));
  }

  private static String undated(String response) {
    return response.replaceAll("Date: [^\r]*\r\n", "Date: -\r\n");
  }

  private NioHelloServer server;
  private Thread serverThread;

  @BeforeEach
  void start() throws IOException {
    server = new NioHelloServer(0);
    serverThread = new Thread(() -> {
      try {
        server.run();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, "nio-hello-server");
    serverThread.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
    serverThread.join();
  }

  /**
   * Sends {@code request} in pieces of {@code piece} bytes (from another thread, so that neither
   * side can fill the other's buffers and stall) and reads until the server closes.
   */
  private String exchange(String request, int piece) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.localPort()));
      socket.setSoTimeout(5_000); // a server that stops answering fails the test, never hangs it
      OutputStream out = socket.getOutputStream();
      byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
      FutureTask<Void> writer = new FutureTask<>(() -> {
        for (int i = 0; i < bytes.length; i += piece) {
          out.write(bytes, i, Math.min(piece, bytes.length - i));
          out.flush();
        }
        return null;
      });
      new Thread(writer, "test-client-writer").start();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer);
      writer.get();
      return undated(answer.toString(StandardCharsets.US_ASCII));
    }
  }

  @Test
  void answersHelloWorldAndClosesWhenAsked() throws Exception {
    assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
        + "Date: -\r\nConnection: close\r\n\r\nHello, world!",
        exchange(GET_AND_CLOSE, Integer.MAX_VALUE));
  }

  @Test
  void datesResponsesAsHttpRequires() {
    assertEquals("Thu, 26 Nov 2026 07:05:09 GMT", HelloResponses.httpDate(1795676709L));
    assertEquals("Fri, 02 Jan 1970 00:00:00 GMT", HelloResponses.httpDate(86_400L));
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    assertEquals(OK + OK + OK_CLOSE, exchange(GET + GET + GET_AND_CLOSE, Integer.MAX_VALUE));
  }

  @Test
  void answersARequestThatArrivesOneByteAtATime() throws Exception {
    assertEquals(OK + OK_CLOSE, exchange(GET + GET_AND_CLOSE, 1));
  }

  @Test
  void answersMoreResponsesThanOneOutputBufferHolds() throws Exception {
    int requests = 20_000; // about 1.3 MB of responses: the socket fills and writes wait
    String answer = exchange(GET.repeat(requests - 1) + GET_AND_CLOSE, 64 * 1024);
    assertEquals(OK.repeat(requests - 1) + OK_CLOSE, answer);
  }

  @Test
  void skipsTheBodyOfARequestThatArrivesInPieces() throws Exception {
    String body = "x".repeat(HttpRequestScanner.MAX_BODY);
    String post = "POST / HTTP/1.1\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    assertEquals(OK + OK_CLOSE, exchange(post + GET_AND_CLOSE, 1000));
  }

  @Test
  void answersNotFoundForOtherPaths() throws Exception {
    String notFound = undated(HelloResponses.now().notFound());
    assertEquals(notFound + OK_CLOSE,
        exchange("GET /missing HTTP/1.1\r\n\r\n" + GET_AND_CLOSE, Integer.MAX_VALUE));
  }

  @Test
  void answersBadRequestAndClosesOnGarbage() throws Exception {
    String badRequest = new String(HelloResponses.BAD_REQUEST, StandardCharsets.US_ASCII);
    assertEquals(badRequest, exchange("garbage\r\n\r\n", Integer.MAX_VALUE));
  }
}
