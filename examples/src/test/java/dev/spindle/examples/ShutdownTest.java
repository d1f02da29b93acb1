package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping the server in this JVM, as the SIGTERM hook does: idle connections close at once, a
 * request in flight finishes, one that takes too long is cut off after the shutdown timeout.
 * Each test first reads part of an echo, so it knows the server is in the middle of that body.
 */
@Timeout(30)
class ShutdownTest {
  private static final String HALF_AN_ECHO =
      "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello";

  private static void readHeadAndHello(RawClient busy) throws Exception {
    RawClient.Response head = busy.readResponse();
    assertEquals(200, head.status());
    assertEquals("10", head.header("Content-Length"));
    assertEquals("hello", busy.readBytes(5)); // echoed before the server waits for the rest
  }

  @Test
  void stopClosesIdleConnectionsAndLetsTheRequestInFlightFinish() throws Exception {
    InProcessServer server = InProcessServer.start();
    try (RawClient idle = new RawClient(server.port());
        RawClient busy = new RawClient(server.port())) {
      assertEquals("Hello, world!", idle.send(get("/")).readFullResponse().body());
      busy.send(HALF_AN_ECHO);
      readHeadAndHello(busy);

      server.requestStop();
      idle.assertClosedByServer(); // so the stop has reached the loop

      busy.send("world");
      assertEquals("world", busy.readBytes(5));
      busy.assertClosedByServer();
    } finally {
      server.stopAndWait(Duration.ofSeconds(10));
    }
  }

  @Test
  void aRequestStillInFlightAfterTheShutdownTimeoutIsCutOff() throws Exception {
    InProcessServer server = InProcessServer.start("--shutdown-timeout", "300ms");
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream console = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8)); // asserted, not printed
    try (RawClient busy = new RawClient(server.port())) {
      busy.send(HALF_AN_ECHO);
      readHeadAndHello(busy);
      server.stopAndWait(Duration.ofSeconds(10)); // the body never comes
      busy.assertClosedByServer();
    } finally {
      System.setErr(console);
    }
    String said = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("HelloServer: 1 connection(s) still busy after 300 ms of shutdown;"
        + " closing them"), said);
  }
}
