package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HelloServer holds buffers only while bytes flow: idle keep-alive connections hold none, a
 * partial request holds its input buffer only, and what a connection took goes back to the
 * pool once its answer has left; the request parser and request come and go with the input
 * buffer. Counted by the server's {@link BufferPool} and parser pool on its loop thread, through
 * a handler, so the counts are read between two loop turns, never racing a connection.
 */
@Timeout(30)
class IdleBuffersTest {
  private static final int IDLE = 20;

  @Test
  void idleKeepAliveConnectionsHoldNoBufferAndAPartialRequestOnlyItsInput() throws Exception {
    AtomicReference<HttpServer> served = new AtomicReference<>();
    Handler lent = request -> Task.completed(
        served.get().buffers().lent() + " buffers, " + served.get().parsersLent() + " parsers");
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
      // (before issue #16 each held a 16 KiB input and a 16 KiB output buffer: 41 lent), and
      // its parser is the only one out.
      assertEquals("1 buffers, 1 parsers", lentNow(asking));

      RawClient partial = new RawClient(server.port());
      clients.add(partial);
      partial.send("GET / HTTP/1.1\r\nHost: localhost\r\n"); // the head's end has not arrived
      String seen = lentNow(asking);
      for (int tries = 0; seen.startsWith("1 ") && tries < 1000; tries++) {
        seen = lentNow(asking); // each answer is a loop turn: the partial head arrives in one
      }
      assertEquals("2 buffers, 2 parsers", seen,
          "a partial request holds its input buffer and parser, and no output buffer");

      partial.send("\r\n");
      assertEquals("Hello, world!", partial.readFullResponse().body());
      assertEquals("1 buffers, 1 parsers", lentNow(asking),
          "the answered request gave both buffers and its parser back");
    } finally {
      for (RawClient client : clients) {
        client.close();
      }
    }
  }

  @Test
  void anEchoConnectionHoldsABufferOnlyWhileItsBytesAreSentBack() {
    String lentWhileIdle = EventLoop.run(() -> echoTwice(new BufferPool(EchoServer.BUFFER_BYTES)));
    assertEquals("0 0 0", lentWhileIdle);
  }

  /** Buffers out of the pool: connected and idle, after one echo, after a second one. */
  @Async
  private static Task<String> echoTwice(BufferPool buffers) {
    AsyncTcpListener listener = AsyncTcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
    Task<AsyncTcpStream> accepted = listener.accept();
    AsyncTcpStream client = await(AsyncTcpStream.connect(listener.localAddress()));
    Task<Void> echoing = EchoServer.echo(await(accepted), buffers);
    listener.close();
    StringBuilder seen = new StringBuilder().append(buffers.lent());
    for (String text : new String[] {"hello", "again"}) {
      await(client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII))));
      ByteBuffer back = ByteBuffer.allocate(text.length());
      while (back.hasRemaining()) {
        await(client.read(back));
      }
      assertEquals(text, new String(back.array(), StandardCharsets.US_ASCII));
      seen.append(' ').append(buffers.lent()); // echoed: the server waits again, holding none
    }
    await(client.close());
    await(echoing);
    return Task.completed(seen.toString());
  }

  private static String lentNow(RawClient client) throws Exception {
    client.send(RawClient.get("/lent"));
    return client.readFullResponse().body().strip(); // text answers end with a newline
  }
}
