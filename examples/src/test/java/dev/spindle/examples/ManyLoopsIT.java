package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HelloServer run from its jar with {@code --loops 2}: one port, two loops, one SIGTERM. */
@Timeout(90)
class ManyLoopsIT {
  private static final Pattern STARTED =
      Pattern.compile("^Handling:started conn=(\\d+) peer=\\S+ loop=(spindle-loop-[01])$");

  @Test
  void twoLoopsShareThePortAndTheTraceNamesEachConnectionsLoop() throws Exception {
    try (ServerProcess server = ServerProcess.runnableJar("--loops", "2", "--trace")) {
      assertTrue(server.linesSeen().get(server.linesSeen().size() - 1).endsWith(", 2 loops)"),
          server.linesSeen().toString());
      Map<String, Integer> perLoop = new HashMap<>();
      for (int i = 1; perLoop.size() < 2; i++) {
        assertTrue(i <= 64, "64 connections, all on one loop: " + perLoop);
        try (RawClient client = new RawClient(server.port())) {
          assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
          assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
        }
        Matcher started = STARTED.matcher(server.awaitLine(
            line -> line.startsWith("Handling:started conn=")));
        assertTrue(started.matches(), started.toString());
        perLoop.merge(started.group(2), 1, Integer::sum);
      }
      assertEquals(0, server.terminate(), server.errors());
      server.drainLines();
      long stoppedLoops = server.linesSeen().stream()
          .filter(line -> line.startsWith("Shutdown: done on spindle-loop-")).count();
      assertEquals(2, stoppedLoops, String.join("\n", server.linesSeen()));
    }
  }

  @Test
  void sigtermLetsRequestsInFlightOnEveryLoopFinishAndExitsZero() throws Exception {
    try (ServerProcess server = ServerProcess.runnableJar("--loops", "2", "--trace")) {
      // Half-sent POSTs until each loop holds at least one.
      List<RawClient> busy = new ArrayList<>();
      Map<String, Integer> perLoop = new HashMap<>();
      try {
        while (perLoop.size() < 2) {
          assertTrue(busy.size() < 64, "64 connections, all on one loop: " + perLoop);
          RawClient client = new RawClient(server.port());
          busy.add(client);
          client.send("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nhello");
          Matcher started = STARTED.matcher(server.awaitLine(
              line -> line.startsWith("Handling:started conn=")));
          assertTrue(started.matches(), started.toString());
          perLoop.merge(started.group(2), 1, Integer::sum);
          server.awaitLine(line -> line.startsWith("Request conn=" + started.group(1) + ": POST"));
        }

        server.sigterm();
        java.util.Set<String> stopped = new java.util.HashSet<>();
        while (stopped.size() < 2) {
          String line = server.awaitLine(seen -> seen.startsWith("Shutdown: stopped accepting; "));
          stopped.add(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertEquals(java.util.Set.of("spindle-loop-0", "spindle-loop-1"), stopped);
        for (RawClient client : busy) {
          client.send("world");
          RawClient.Response response = client.readFullResponse();
          assertEquals(200, response.status());
          assertEquals("helloworld", response.body());
          client.assertClosedByServer();
        }
        assertEquals(0, server.terminate(), server.errors());
      } finally {
        for (RawClient client : busy) {
          client.close();
        }
      }
    }
  }
}
