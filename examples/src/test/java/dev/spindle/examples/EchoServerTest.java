package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.io.AsyncTcpListener;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EchoServerTest {
  @Test
  void sendsBackWhatEachClientSendsUntilItCloses() throws Exception {
    AsyncTcpListener listener = AsyncTcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
    CompletableFuture<Void> loopEnded = CompletableFuture.runAsync(
        () -> EventLoop.run(() -> EchoServer.acceptAll(listener)));
    int port = ((InetSocketAddress) listener.localAddress()).getPort();
    try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
      first.setSoTimeout(10_000);
      second.setSoTimeout(10_000);
      String big = "spindle ".repeat(20_000);
      assertEquals("two", roundTrip(second, "two"));
      first.getOutputStream().write(big.getBytes(StandardCharsets.US_ASCII));
      first.shutdownOutput();
      assertEquals("three", roundTrip(second, "three"));
      assertEquals(big, new String(first.getInputStream().readAllBytes(),
          StandardCharsets.US_ASCII), "everything, then the end of stream after ours");
    } finally {
      listener.close();
    }
    loopEnded.get(10, TimeUnit.SECONDS);
  }

  private static String roundTrip(Socket socket, String text) throws Exception {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    return new String(in.readNBytes(text.length()), StandardCharsets.US_ASCII);
  }
}
