package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.ManualClock;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AsyncTcpStream#readable()}, {@link AsyncTcpStream#tryRead} and {@link
 * AsyncTcpStream#writable()}: waiting for bytes or room while holding no buffer, on real loopback
 * sockets and a manual clock.
 */
class ReadinessTest {
  private static final Duration TIMEOUT = Duration.ofMillis(100);
  private final ManualClock clock = new ManualClock();

  private <T> T withPair(BiFunction<AsyncTcpStream, AsyncTcpStream, Task<T>> body) {
    return EventLoop.builder().clock(clock).run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            return body.apply(server, client);
          }));
    });
  }

  private static int tryRead(AsyncTcpStream stream, ByteBuffer buffer) {
    try {
      return stream.tryRead(buffer);
    } catch (java.io.IOException failure) {
      throw new AssertionError(failure);
    }
  }

  @Test
  @Timeout(10)
  void readableWaitsWithoutABufferThenTryReadTakesTheBytesAndSeesTheEnd() {
    String outcome = withPair((server, client) -> {
      ByteBuffer buffer = ByteBuffer.allocate(16);
      assertEquals(0, tryRead(server, buffer), "nothing sent yet: tryRead does not wait");
      Task<Void> readable = server.readable();
      assertFalse(readable.isDone(), "the socket is drained: readable() waits for the selector");
      assertTrue(server.registration().isRegistered());
      return Steps.then(client.write(Loopback.ascii("hello")), written -> Steps.then(readable,
          ready -> {
            int count = tryRead(server, buffer);
            String first = Loopback.ascii(buffer, count);
            buffer.clear();
            return Steps.then(client.close(), closed -> Steps.then(server.readable(),
                readyAgain -> Task.completed(first + "|" + tryRead(server, buffer))));
          }));
    });
    assertEquals("hello|-1", outcome);
  }

  @Test
  @Timeout(10)
  void readableThatMayFindBytesFinishesAtOnceAndAllocatesNothingAsReadDoes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocated = withPair((server, client) -> {
      ByteBuffer out = ByteBuffer.allocate(200);
      ByteBuffer in = ByteBuffer.allocate(200); // filled exactly: no drained hint
      readableThenTryRead(client, server, out, in);
      long before = threads.getCurrentThreadAllocatedBytes();
      readableThenTryRead(client, server, out, in);
      return Task.completed(threads.getCurrentThreadAllocatedBytes() - before);
    });
    assertTrue(allocated < 4 << 10, allocated + " bytes allocated by 10,000 readable()+tryRead()"
        + " rounds whose bytes were already there");
  }

  private static void readableThenTryRead(AsyncTcpStream client, AsyncTcpStream server,
      ByteBuffer out, ByteBuffer in) {
    for (int i = 0; i < 10_000; i++) {
      out.clear();
      assertTrue(client.write(out).isDone());
      Task<Void> readable = server.readable();
      assertSame(Task.completed(), readable, "bytes may be there: a shared finished task");
      in.clear();
      assertEquals(200, tryRead(server, in));
    }
  }

  @Test
  @Timeout(10)
  void readableHonoursTheReadTimeoutAndTheStreamStaysUsable() {
    String outcome = withPair((server, client) -> {
      server.setReadTimeout(TIMEOUT);
      ByteBuffer buffer = ByteBuffer.allocate(16);
      tryRead(server, buffer);
      Task<Void> readable = server.readable();
      clock.advance(TIMEOUT);
      return Steps.then(EventLoop.yieldNow(), turned -> {
        Throwable failure = readable.failureNow();
        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("AsyncTcpStream.readable() on " + server + " waited 100 ms, the stream's"
            + " read timeout (setReadTimeout), without a byte arriving", failure.getMessage());
        assertFalse(server.registration().isRegistered(), "a timed-out wait leaves no key");
        return Steps.then(client.write(Loopback.ascii("late")), written -> Steps.then(
            server.readable(), ready -> Task.completed(Loopback.ascii(buffer,
                tryRead(server, buffer)))));
      });
    });
    assertEquals("late", outcome);
  }

  @Test
  @Timeout(10)
  void aWaitingReadableIsTheOneReadInFlightAndCloseFailsIt() {
    String outcome = withPair((server, client) -> {
      ByteBuffer buffer = ByteBuffer.allocate(16);
      tryRead(server, buffer);
      Task<Void> readable = server.readable();
      String read = server.read(buffer).failureNow().getMessage();
      String tried = assertThrows(IllegalStateException.class, () -> server.tryRead(buffer))
          .getMessage();
      server.close();
      assertInstanceOf(ChannelClosedException.class, readable.failureNow());
      assertThrows(ChannelClosedException.class, () -> server.tryRead(buffer));
      return Task.completed(read + "\n" + tried);
    });
    assertTrue(outcome.startsWith("AsyncTcpStream.read() must not be called while another read"
        + " is pending on AsyncTcpStream["), outcome);
    assertTrue(outcome.contains("\nAsyncTcpStream.tryRead() must not be called while another"
        + " read is pending on AsyncTcpStream["), outcome);
  }

  @Test
  @Timeout(20)
  void writableFinishesAtOnceWithRoomAndWaitsForRoomOnceTheSocketBufferIsFull() {
    boolean waited = withPair((server, client) -> {
      assertSame(Task.completed(), server.writable(), "a fresh socket has room");
      ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
      long sent = 0;
      Task<Void> write;
      do { // fill the socket buffers until a write has to wait
        chunk.clear();
        write = server.write(chunk);
        if (write.isDone()) {
          sent += chunk.capacity();
        }
      } while (write.isDone());
      write.cancel(); // nothing in flight now, but the last write found no room
      sent += chunk.position(); // what the cancelled write handed to the kernel
      Task<Void> writable = server.writable();
      assertFalse(writable.isDone(), "the socket buffer is full: writable() waits");
      assertEquals("AsyncTcpStream.writable() must not be called while another write is"
          + " pending on " + server + ": one write at a time per stream; await the first write"
          + " before starting the next", server.writable().failureNow().getMessage());
      // The client reads every byte sent, so that the server's socket buffer empties.
      ByteBuffer sink = ByteBuffer.allocate((int) sent);
      return Steps.then(Loopback.readFully(client, sink), read -> Steps.then(writable,
          ready -> Task.completed(read == sink.capacity())));
    });
    assertTrue(waited);
  }
}
