package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --trace} output and SIGTERM handling of the server run from its jar. */
@Timeout(60)
class TraceAndShutdownIT {
  @Test
  void traceShowsTheLifeOfOneConnectionInOrder() throws Exception {
    try (ServerProcess server = ServerProcess.runnableJar("--trace", "--loops", "1")) {
      // Connect only once the accept would block, so that the trace has the Rust experiment's
      // shape instead of accepting a connection that was already waiting.
      server.awaitLine(line -> line.startsWith("registered AsyncTcpListener"));
      try (RawClient client = new RawClient(server.port())) {
        server.awaitLine(line -> line.startsWith("Handling:started conn=1 "));
        server.awaitLine(line -> line.startsWith("read would block"));
        client.send("GET / HTTP/1.1\r\nHost: localhost:7878\r\nConnection: close\r\n\r\n");
        assertEquals("Hello, world!", client.readFullResponse().body());
        client.assertClosedByServer();
      }
      server.awaitLine(line -> line.startsWith("deregistered AsyncTcpStream"));
      assertEquals(0, server.terminate(), server.errors());
      server.drainLines();
      assertInOrder(server.linesSeen(), List.of(
          "HelloServer listening on http://127.0.0.1:",
          "selector created", // with the listener's first channel registration
          "accept would block on AsyncTcpListener",
          "registered AsyncTcpListener",
          "woke AsyncTcpListener",
          "Handling:started conn=1 peer=/127.0.0.1:",
          "read would block on AsyncTcpStream",
          "registered AsyncTcpStream",
          "woke AsyncTcpStream",
          "Request conn=1: GET / HTTP/1.1",
          "Host: localhost:7878",
          "Connection: close",
          "Handling:finished conn=1",
          "Dropping stream conn=1",
          "deregistered AsyncTcpStream",
          "Shutdown: stopped accepting; 0 connection(s) open",
          "Shutdown: done"));
    }
  }

  /** Each of {@code prefixes} starts some line, each after the line the previous one started. */
  static void assertInOrder(List<String> lines, List<String> prefixes) {
    int at = 0;
    for (String prefix : prefixes) {
      Predicate<String> match = line -> line.startsWith(prefix);
      while (at < lines.size() && !match.test(lines.get(at))) {
        at++;
      }
      if (at == lines.size()) {
        throw new AssertionError("no line starting with \"" + prefix + "\" after the previous"
            + " events; the trace was:\n" + String.join("\n", lines));
      }
      at++;
    }
  }

  @Test
  void sigtermLetsTheRequestInFlightFinishClosesIdleConnectionsAndExitsZero() throws Exception {
    try (ServerProcess server = ServerProcess.runnableJar("--trace", "--loops", "1");
        RawClient idle = new RawClient(server.port());
        RawClient busy = new RawClient(server.port())) {
      assertEquals("Hello, world!", idle.send(get("/")).readFullResponse().body());
      busy.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello");
      server.awaitLine(line -> line.startsWith("Request conn=2: POST /echo"));

      server.sigterm();
      server.awaitLine(line -> line.equals("Shutdown: stopped accepting; 2 connection(s) open"));
      idle.assertClosedByServer();

      busy.send("world");
      RawClient.Response response = busy.readFullResponse();
      assertEquals(200, response.status());
      assertEquals("helloworld", response.body());
      // Its head left before the signal, without Connection: close; the server closes after it.
      busy.assertClosedByServer();
      assertEquals(0, server.terminate(), server.errors());
    }
  }
}
