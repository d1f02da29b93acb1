package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --max-connections 2}: a third connection, and every one after it while two are open, is
 * accepted, answered {@code 503} with {@code Connection: close} and closed at once, never queued;
 * the two open ones go on being served, and a connection that closes makes room for a new one.
 */
@Timeout(60)
class MaxConnectionsTest {
  private static final String OVER_CAPACITY = "Service Unavailable: this server is serving as"
      + " many connections as it may (--max-connections); try again later\n";

  private static void assertHello(RawClient client) throws IOException {
    assertEquals("Hello, world!", client.send(get("/")).readFullResponse().body());
  }

  private static void assertTurnedAway(RawClient client) throws IOException {
    RawClient.Response response = client.readFullResponse();
    assertEquals("HTTP/1.1 503 Service Unavailable", response.statusLine());
    assertEquals("close", response.header("Connection"));
    assertEquals(OVER_CAPACITY, response.body());
    client.assertClosedByServer();
  }

  @Test
  void connectionsPastTheLimitGet503AndAreClosedAtOnce() throws Exception {
    try (InProcessServer server = InProcessServer.start("--max-connections", "2");
        RawClient first = new RawClient(server.port());
        RawClient second = new RawClient(server.port())) {
      assertHello(first);
      assertHello(second); // both are open connections of the server now

      try (RawClient third = new RawClient(server.port())) {
        assertTurnedAway(third.send(get("/")));
      }
      List<RawClient> burst = new ArrayList<>();
      try {
        for (int i = 0; i < 50; i++) {
          burst.add(new RawClient(server.port())); // all connected before any is read
        }
        for (RawClient client : burst) {
          assertTurnedAway(client); // answered without sending anything: nothing is queued
        }
      } finally {
        for (RawClient client : burst) {
          client.close();
        }
      }
      assertEquals(51, server.turnedAwayConnections());
      assertHello(first);
      assertHello(second);

      // The server closes first in the loop turn that answers it, before it accepts again.
      first.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").readFullResponse();
      first.assertClosedByServer();
      try (RawClient next = new RawClient(server.port())) {
        assertHello(next);
      }
      assertEquals(51, server.turnedAwayConnections());
    }
  }
}
