package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HelloServer as a user starts it: {@code java -jar examples/target/spindle-examples.jar}. */
@Timeout(60)
class RunnableJarIT {
  private static String get(int port, String path) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  @Test
  void runsFromTheJarWithoutFlagsPrintingOneStartupLineAndExitsZeroOnSigterm() throws Exception {
    try (ServerProcess server = ServerProcess.runnableJar()) {
      assertEquals("200 Hello, world!", get(server.port(), "/"));
      assertEquals("404 Not Found: this server has only / and /echo\n",
          get(server.port(), "/missing"));
      assertEquals(0, server.terminate(), server.errors());
      server.drainLines();
      assertEquals(1, server.linesSeen().size(), "output: " + server.linesSeen());
      assertEquals("", withoutBlockedLoopReports(server.errors()), server.errors());
    }
  }

  /**
   * {@code errors} without the records of the blocked-loop watchdog: on a busy machine the first
   * requests of a cold JVM can hold the loop past its 100 ms threshold, and the watchdog rightly
   * says so (its reports are tested in the runtime, BlockedLoopWatchdogTest). Records are what
   * java.util.logging's SimpleFormatter prints: a "date source" line, then "LEVEL: message" and
   * any stack.
   */
  private static String withoutBlockedLoopReports(String errors) {
    StringBuilder kept = new StringBuilder();
    boolean dropping = false;
    for (String line : errors.split("\n", -1)) {
      if (line.matches("^[A-Z][a-z]{2} \\d{2}, \\d{4} .* [AP]M .*")) {
        dropping = line.endsWith(" dev.spindle.loop.BlockedLoopReport blocked")
            || line.endsWith(" dev.spindle.loop.BlockedLoopReport ended");
      }
      if (!dropping) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString().strip();
  }

  @Test
  void runsWithTheJavaAgentFlagFromPlainClasses() throws Exception {
    try (ServerProcess server = ServerProcess.withJavaAgentFlag()) {
      assertEquals("200 Hello, world!", get(server.port(), "/"));
      assertEquals(0, server.terminate(), server.errors());
    }
  }

  @Test
  void curlSeesHttp11200OkAndHelloWorld() throws Exception {
    Path curl = Path.of("/usr/bin/curl");
    Assumptions.assumeTrue(Files.isExecutable(curl), "curl is not installed at " + curl);
    try (ServerProcess server = ServerProcess.runnableJar()) {
      Process process = new ProcessBuilder(curl.toString(), "-v", "-s", "--max-time", "10",
          "http://127.0.0.1:" + server.port() + "/").start();
      String body = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String exchange = new String(process.getErrorStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(process.waitFor(20, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), exchange);
      assertTrue(exchange.contains("> GET / HTTP/1.1"), exchange);
      assertTrue(exchange.contains("< HTTP/1.1 200 OK"), exchange);
      assertTrue(exchange.contains("< Content-Length: 13"), exchange);
      assertEquals("Hello, world!", body);
      assertEquals(0, server.terminate(), server.errors());
    }
  }

  @Test
  void badArgumentsExitWithStatus2AndSayWhatIsWrong() throws Exception {
    Process process = new ProcessBuilder(ServerProcess.java(), "-jar",
        ServerProcess.path("spindle.examples.jar").toString(), "--port", "http").start();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
    assertEquals(List.of("HelloServer: --port must be a number from 0 to 65535 (0 picks a free"
        + " port): http"), errors.lines().toList());
  }

  @Test
  void aPortInUseExitsWithStatus1AndSaysSo() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getByName("127.0.0.1"))) {
      Process process = new ProcessBuilder(ServerProcess.java(), "-jar",
          ServerProcess.path("spindle.examples.jar").toString(), "--port",
          String.valueOf(taken.getLocalPort())).start();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(20, TimeUnit.SECONDS));
      assertEquals(1, process.exitValue(), errors);
      assertEquals(List.of("HelloServer: cannot listen: java.net.BindException: bind to"
          + " 127.0.0.1:" + taken.getLocalPort() + ": Address already in use; choose another"
          + " --port (0 picks a free one)"), errors.lines().toList());
    }
  }
}
