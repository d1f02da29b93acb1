package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The steady path of a TLS stream, its non-blocking reads, and its close deadline. */
class TlsStreamTest {
  private static final int ROUNDS = 2_000;
  /** Above 127, so that boxing the count would allocate. */
  private static final int CHUNK = 200;

  @Test
  @Timeout(30)
  void readsAndWritesThatFinishAtOnceAllocateNothingBeyondTheEnginesOwn() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long perRound = EventLoop.run(() -> connectedPair(keys, (client, server) -> {
      ByteBuffer out = ByteBuffer.allocate(CHUNK);
      ByteBuffer in = ByteBuffer.allocate(CHUNK);
      roundTrips(client, server, out, in); // warm-up, twice: the JIT compiles the path
      roundTrips(client, server, out, in);
      long before = threads.getCurrentThreadAllocatedBytes();
      roundTrips(client, server, out, in);
      return Task.completed((threads.getCurrentThreadAllocatedBytes() - before) / ROUNDS);
    }));
    long engineOwn = engineAllocationPerRecord(keys, threads);
    System.out.println("TlsStreamTest: " + perRound + " bytes allocated per record written"
        + " and read at once through AsyncTlsStream; the JDK's SSLEngine alone, wrapping and"
        + " unwrapping the same record in memory: " + engineOwn);
    // A record's buffer would be 16 KB (tasks are shown shared above): what is left is the
    // engine's own, give or take what the JIT's escape analysis removes on either path.
    assertTrue(perRound < engineOwn + 1024, perRound + " bytes allocated per record, the"
        + " engine's own " + engineOwn);
  }

  /** Bytes the JDK's engines allocate to wrap a record and unwrap it, all buffers reused. */
  private static long engineAllocationPerRecord(TlsKeys keys,
      com.sun.management.ThreadMXBean threads) throws Exception {
    SSLEngine client = keys.clientContext.createSSLEngine("localhost", 0);
    client.setUseClientMode(true);
    SSLEngine server = keys.serverContext.createSSLEngine();
    server.setUseClientMode(false);
    int packet = client.getSession().getPacketBufferSize();
    int application = client.getSession().getApplicationBufferSize();
    ByteBuffer toServer = ByteBuffer.allocate(packet);
    ByteBuffer toClient = ByteBuffer.allocate(packet);
    ByteBuffer app = ByteBuffer.allocate(application);
    client.beginHandshake();
    server.beginHandshake();
    for (int step = 0; step < 1000 && (handshaking(client) || handshaking(server)); step++) {
      shake(client, toServer, toClient, app);
      shake(server, toClient, toServer, app);
    }
    ByteBuffer out = ByteBuffer.allocate(CHUNK);
    long allocated = 0;
    for (int pass = 0; pass < 2; pass++) { // the first warms up
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < ROUNDS; i++) {
        out.clear();
        toServer.clear();
        client.wrap(out, toServer);
        toServer.flip();
        app.clear();
        server.unwrap(toServer, app);
      }
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
    }
    return allocated / ROUNDS;
  }

  private static boolean handshaking(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
  }

  /** One step of an in-memory handshake: wrap into {@code out}, unwrap from {@code in}. */
  private static void shake(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app)
      throws Exception {
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
    if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
      engine.wrap(ByteBuffer.allocate(0), out);
    }
    in.flip();
    if (in.hasRemaining() && engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP) {
      app.clear();
      engine.unwrap(in, app);
    }
    in.compact();
    for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
      task.run();
    }
  }

  /** Each round: the client writes CHUNK bytes, the server reads them at once (loopback). */
  private static void roundTrips(AsyncTlsStream client, AsyncTlsStream server, ByteBuffer out,
      ByteBuffer in) {
    Task<Integer> first = null;
    for (int i = 0; i < ROUNDS; i++) {
      out.clear();
      assertSame(Task.completed(), client.write(out), "written at once: the shared task");
      in.clear();
      // A record is a short read of the TCP socket, after which a read waits for the selector
      // (AsyncTcpStream's drained hint): forget the hint, to measure the path without a wait.
      server.tcp().registration().inboundDrained(false);
      Task<Integer> read = server.read(in);
      assertTrue(read.isDone(), "loopback delivers within the write system call");
      assertEquals(CHUNK, (int) read.resultNow());
      if (first == null) {
        first = read;
      }
      assertSame(first, read, "one shared finished task per count");
    }
  }

  @Test
  @Timeout(30)
  void readableWaitsForAWholeRecordAndTryReadTakesItWithoutWaiting() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    List<Object> seen = EventLoop.run(() -> connectedPair(keys, (client, server) -> {
      List<Object> steps = new ArrayList<>();
      ByteBuffer in = ByteBuffer.allocate(64);
      try {
        steps.add(server.tryRead(in)); // nothing yet
      } catch (java.io.IOException failure) {
        return Task.failed(failure);
      }
      Task<Void> readable = server.readable();
      steps.add(readable.isDone());
      steps.add(client.writable().isDone()); // an empty socket buffer: at once
      return Steps.then(client.write(Loopback.ascii("ready")), written ->
          Steps.then(readable, ready -> {
            try {
              steps.add(server.tryRead(in));
              steps.add(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII));
              steps.add(server.tryRead(in));
            } catch (java.io.IOException failure) {
              return Task.failed(failure);
            }
            return Steps.then(client.close(), closed -> Steps.then(server.readable(), end -> {
              try {
                steps.add(server.tryRead(in)); // the client's close_notify
              } catch (java.io.IOException failure) {
                return Task.failed(failure);
              }
              return Task.completed(steps);
            }));
          }));
    }));
    assertEquals(List.of(0, false, true, 5, "ready", 0, -1), seen);
  }

  @Test
  @Timeout(30)
  void closeGivesUpWaitingForAPeerThatNeverAnswersCloseNotify() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = new TlsTestServer(tcp -> Steps.then(
        AsyncTlsStream.server(tcp, keys.serverContext), tls -> Steps.then(tls.close(),
            closed -> Task.completed(tls))))) {
      try (SSLSocket silent = (SSLSocket) keys.clientContext.getSocketFactory()
          .createSocket("localhost", server.address().getPort())) {
        silent.startHandshake(); // and then reads nothing, so it never answers close_notify
        long started = System.nanoTime();
        AsyncTlsStream closed = assertInstanceOf(AsyncTlsStream.class, server.nextOutcome());
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(closed.isOpen(), "closed after the deadline");
        assertTrue(waitedMillis < 5_000, "the close deadline is 1 s: waited " + waitedMillis);
        assertEquals(-1, silent.getInputStream().read(), "our close_notify had been sent");
      }
    }
  }

  /** A client and a server stream connected over loopback, handed to {@code body}. */
  private static <T> Task<T> connectedPair(TlsKeys keys,
      java.util.function.BiFunction<AsyncTlsStream, AsyncTlsStream, Task<T>> body) {
    AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
    Task<AsyncTlsStream> server = Steps.then(listener.accept(),
        tcp -> AsyncTlsStream.server(tcp, keys.serverContext));
    return Steps.then(AsyncTcpStream.connect(listener.localAddress()), tcp -> Steps.then(
        AsyncTlsStream.client(tcp, keys.clientContext, "localhost"), client -> Steps.then(
            server, accepted -> {
              listener.close();
              return Steps.then(body.apply(client, accepted), result -> Steps.then(
                  client.close(), c -> Steps.then(accepted.close(),
                      s -> Task.completed(result))));
            })));
  }
}
