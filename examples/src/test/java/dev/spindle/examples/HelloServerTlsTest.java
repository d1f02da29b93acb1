package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.io.AsyncTcpListener;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HelloServer and EchoServer with {@code --tls-keystore}: the same answers, over TLS. */
@Timeout(60)
class HelloServerTlsTest {
  private static String[] tlsArguments(TestKeyStore keys) {
    return new String[] {"--tls-keystore", keys.keyStore.toString(), "--tls-password",
        TestKeyStore.PASSWORD};
  }

  @Test
  void theJdkHttpClientGetsHelloAndAnEchoOverOneKeptAliveHttpsConnection() throws Exception {
    TestKeyStore keys = TestKeyStore.get();
    try (InProcessServer server = InProcessServer.start(tlsArguments(keys))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(keys.clientContext).connectTimeout(Duration.ofSeconds(5)).build();
      URI root = URI.create("https://localhost:" + server.port() + "/");
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(root)
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("Hello, world!", hello.body());
      }
      String body = "spindle over tls ".repeat(4000); // several records each way
      HttpResponse<String> echo = client.send(HttpRequest.newBuilder(root.resolve("/echo"))
          .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(body, echo.body());
      assertEquals(1, server.acceptedConnections(), "keep-alive over TLS");
    }
  }

  @Test
  void curlWithTheCertificateGetsHello() throws Exception {
    Assumptions.assumeTrue(onPath("curl"), "curl is not installed: skipping the curl check"
        + " (the JDK HttpClient test covers HTTPS)");
    TestKeyStore keys = TestKeyStore.get();
    try (InProcessServer server = InProcessServer.start(tlsArguments(keys))) {
      Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--cacert",
          keys.certificatePem.toString(), "https://localhost:" + server.port() + "/",
          "https://127.0.0.1:" + server.port() + "/").redirectErrorStream(true).start();
      String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, curl.exitValue(), output);
      assertEquals("Hello, world!Hello, world!", output, "one answer for each name curl checks");
      Process tls12 = new ProcessBuilder("curl", "-sS", "--max-time", "20", "--tlsv1.2",
          "--tls-max", "1.2", "--cacert", keys.certificatePem.toString(), "-w", " %{http_code}",
          "https://localhost:" + server.port() + "/").redirectErrorStream(true).start();
      String answer12 = new String(tls12.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(tls12.waitFor(30, TimeUnit.SECONDS));
      assertEquals("Hello, world! 200", answer12, "TLS 1.2 too");
    }
  }

  @Test
  void plainHttpToTheHttpsPortIsAnswered400SayingToUseHttps() throws Exception {
    TestKeyStore keys = TestKeyStore.get();
    try (InProcessServer server = InProcessServer.start(tlsArguments(keys));
        Socket plain = new Socket("127.0.0.1", server.port())) {
      plain.setSoTimeout(10_000);
      plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(plain.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII);
      assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
      assertTrue(answer.endsWith("Bad Request: this port speaks HTTPS: ask for https://127.0.0.1:"
          + server.port() + "/\n"), answer);
      HttpClient client = HttpClient.newBuilder().sslContext(keys.clientContext).build();
      assertEquals("Hello, world!", client.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + server.port() + "/")).build(),
          HttpResponse.BodyHandlers.ofString()).body(), "and it goes on serving HTTPS");
    }
  }

  @Test
  void aMissingKeyStoreIsNamedWithTheScriptThatMakesOne() {
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> TlsKeyStore.serverContext(
            Path.of("/nonexistent/server.p12"), "changeit"));
    assertEquals("--tls-keystore must name a PKCS12 file: /nonexistent/server.p12 does not"
        + " exist (examples/make-keystore.sh makes one)", refused.getMessage());
  }

  @Test
  void aWrongPasswordIsNamed() throws Exception {
    TestKeyStore keys = TestKeyStore.get();
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> TlsKeyStore.serverContext(keys.keyStore,
            "wrong"));
    assertTrue(refused.getMessage().startsWith("--tls-keystore " + keys.keyStore + " could not"
        + " be read as a PKCS12 key store with the --tls-password given: "),
        refused.getMessage());
  }

  @Test
  void echoServerEchoesOverTls() throws Exception {
    TestKeyStore keys = TestKeyStore.get();
    AsyncTcpListener listener = AsyncTcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
    CompletableFuture<Void> loopEnded = CompletableFuture.runAsync(() -> EventLoop.run(() ->
        EchoServer.acceptAll(listener, TlsKeyStore.serverContext(keys.keyStore,
            TestKeyStore.PASSWORD))));
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    try (SSLSocket socket = (SSLSocket) keys.clientContext.getSocketFactory()
        .createSocket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String big = "spindle ".repeat(20_000);
      socket.getOutputStream().write(big.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      assertEquals(big, new String(in.readNBytes(big.length()), StandardCharsets.US_ASCII));
    } finally {
      listener.close();
    }
    loopEnded.get(10, TimeUnit.SECONDS);
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    List<Path> directories = new ArrayList<>();
    for (String entry : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
      directories.add(Path.of(entry));
    }
    return directories.stream().anyMatch(directory -> Files.isExecutable(
        directory.resolve(command)));
  }

}
