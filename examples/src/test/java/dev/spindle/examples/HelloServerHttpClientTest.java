package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HelloServer in this JVM, spoken to by the JDK's HttpClient, as an ordinary client would. */
@Timeout(30)
class HelloServerHttpClientTest {
  private static InProcessServer server;
  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startServer() throws Exception {
    server = InProcessServer.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void getRootAnswersHelloWorldAsPlainTextWithItsLength() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/")));
    assertEquals(200, response.statusCode());
    assertEquals("Hello, world!", response.body());
    assertEquals(Optional.of("text/plain"), response.headers().firstValue("content-type"));
    assertEquals(Optional.of("13"), response.headers().firstValue("content-length"));
    assertTrue(response.headers().firstValue("date").orElseThrow().endsWith(" GMT"));
    assertEquals(HttpClient.Version.HTTP_1_1, response.version());
  }

  @Test
  void severalRequestsOfOneClientShareOneKeptAliveConnection() throws Exception {
    try (InProcessServer own = InProcessServer.start()) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(own.uri("/")));
        assertEquals("Hello, world!", response.body());
      }
      assertEquals(1, own.acceptedConnections());
    }
  }

  @Test
  void headAnswersTheSameHeadersWithoutABody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, response.statusCode());
    assertEquals("", response.body());
    assertEquals(Optional.of("13"), response.headers().firstValue("content-length"));
  }

  @Test
  void unknownPathIs404() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/nothing/here")));
    assertEquals(404, response.statusCode());
    assertEquals("Not Found: this server has only / and /echo\n", response.body());
  }

  @Test
  void postToEchoSendsTheBodyBack() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/echo"))
        .POST(HttpRequest.BodyPublishers.ofString("ping")));
    assertEquals(200, response.statusCode());
    assertEquals("ping", response.body());
  }

  @Test
  void postToEchoStreamsABodyLargerThanTheConnectionBuffers() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; body.length() < 300_000; i++) {
      body.append(i).append(',');
    }
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/echo"))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    assertEquals(body.toString(), response.body());
  }

  @Test
  void postWithExpectContinueIsEchoed() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/echo"))
        .expectContinue(true).POST(HttpRequest.BodyPublishers.ofString("after 100")));
    assertEquals("after 100", response.body());
  }

  @Test
  void wrongMethodOnAKnownPathIs405WithAllow() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(server.uri("/"))
        .DELETE());
    assertEquals(405, response.statusCode());
    assertEquals(Optional.of("GET, HEAD"), response.headers().firstValue("allow"));
    response = send(HttpRequest.newBuilder(server.uri("/echo")));
    assertEquals(405, response.statusCode());
    assertEquals(Optional.of("POST"), response.headers().firstValue("allow"));
  }
}
