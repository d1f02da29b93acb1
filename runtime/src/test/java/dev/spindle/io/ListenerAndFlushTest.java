package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ListenerAndFlushTest {
  @Test
  @Timeout(10)
  void anExistingServerSocketChannelBecomesAnAsyncListener() throws Exception {
    ServerSocketChannel existing = ServerSocketChannel.open();
    existing.bind(Loopback.anyPort());
    String greeting = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.of(existing);
      assertEquals(existing.socket().getLocalSocketAddress(), listener.localAddress());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> Steps.then(
              server.write(Loopback.ascii("hello")), w -> Steps.then(server.close(), c -> {
                ByteBuffer buffer = ByteBuffer.allocate(16);
                return Steps.then(Loopback.readFully(client, buffer), n -> {
                  listener.close();
                  return Steps.then(client.close(), d -> Task.completed(
                      Loopback.ascii(buffer, n)));
                });
              }))));
    });
    assertEquals("hello", greeting);
    assertFalse(existing.isOpen(), "the listener owns the channel it was given");
  }

  @Test
  void anUnboundChannelIsRefusedWithItsRule() throws Exception {
    try (ServerSocketChannel unbound = ServerSocketChannel.open()) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> AsyncTcpListener.of(unbound));
      assertTrue(refused.getMessage().startsWith("AsyncTcpListener.of(channel) must be given a"
          + " bound channel: "), refused.getMessage());
    }
  }

  @Test
  void bindingAnAddressInUseSaysSo() {
    try (AsyncTcpListener first = AsyncTcpListener.bind(Loopback.anyPort())) {
      UncheckedIOException refused = assertThrows(UncheckedIOException.class,
          () -> AsyncTcpListener.bind(first.localAddress()));
      assertTrue(refused.getMessage().startsWith("AsyncTcpListener.bind(" + first.localAddress()
          + ") failed: "), refused.getMessage());
    }
  }

  @Test
  @Timeout(20)
  void flushFinishesWhenTheWriteInFlightHasBeenHandedToTheKernel() {
    Object[] outcome = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            Task<Void> write = client.write(ByteBuffer.allocate(8 << 20));
            Task<Void> flush = client.flush();
            boolean flushWaited = !write.isDone() && !flush.isDone();
            Task<Integer> drained = Loopback.readFully(server, ByteBuffer.allocate(8 << 20));
            return Steps.then(flush, flushed -> {
              boolean writeDoneFirst = write.isDone();
              return Steps.then(drained, n -> Steps.then(client.close(), a -> Steps.then(
                  server.close(), b -> Task.completed(new Object[] {flushWaited,
                      writeDoneFirst, n}))));
            });
          }));
    });
    assertEquals(true, outcome[0], "8 MiB cannot be written at once: the flush must wait");
    assertEquals(true, outcome[1]);
    assertEquals(8 << 20, outcome[2]);
  }
}
