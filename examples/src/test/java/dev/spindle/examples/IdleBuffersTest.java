package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HelloServer holds buffers only while bytes flow: idle keep-alive connections hold none, a
 * partial request holds its input buffer only, and what a connection took goes back to the
 * pool once its answer has left. Counted by the server's {@link BufferPool} on its loop thread,
 * through a handler, so the count is read between two loop turns, never racing a connection.
 */
@Timeout(30)
class IdleBuffersTest {
  private static final int IDLE = 20;

  @Test
  void idleKeepAliveConnectionsHoldNoBufferAndAPartialRequestOnlyItsInput() throws Exception {
    AtomicReference<HttpServer> served = new AtomicReference<>();
    Handler lent = request -> Task.completed(Integer.toString(served.get().buffers().lent()));
    ServerHooks hooks = new ServerHooks(Map.of("/lent", lent), report -> { });
    List<RawClient> clients = new ArrayList<>();
    try (InProcessServer server = InProcessServer.start(hooks)) {
      served.set(server.server());
      for (int i = 0; i < IDLE; i++) {
        RawClient client = new RawClient(server.port());
        clients.add(client);
        client.send(RawClient.get("/"));
        assertEquals("Hello, world!", client.readFullResponse().body());
      }
      RawClient asking = new RawClient(server.port());
      clients.add(asking);
      // The asking connection's own input buffer is the only one out: 20 idle ones hold none
      // (before issue #16 each held a 16 KiB input and a 16 KiB output buffer: 41 lent).
      assertEquals("1", lentNow(asking));

      RawClient partial = new RawClient(server.port());
      clients.add(partial);
      partial.send("GET / HTTP/1.1\r\nHost: localhost\r\n"); // the head's end has not arrived
      String seen = lentNow(asking);
      for (int tries = 0; seen.equals("1") && tries < 1000; tries++) {
        seen = lentNow(asking); // each answer is a loop turn: the partial head arrives in one
      }
      assertEquals("2", seen, "a partial request holds its input buffer, and no output buffer");

      partial.send("\r\n");
      assertEquals("Hello, world!", partial.readFullResponse().body());
      assertEquals("1", lentNow(asking), "the answered request gave both buffers back");
    } finally {
      for (RawClient client : clients) {
        client.close();
      }
    }
  }

  private static String lentNow(RawClient client) throws Exception {
    client.send(RawClient.get("/lent"));
    return client.readFullResponse().body().strip(); // text answers end with a newline
  }
}
