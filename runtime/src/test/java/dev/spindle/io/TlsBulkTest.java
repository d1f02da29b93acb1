package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Volume over TLS: many records through partial writes, and many handshakes on one loop. */
class TlsBulkTest {
  private static final int SIZE = 16 << 20;
  private static final int CONNECTIONS = 1000;
  /**
   * A thousand handshakes at once queue for the CPU (two cores, shared with the clients and, in
   * CI, other builds): each waits far longer than a lone one would.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(100);

  @Test
  @Timeout(60)
  void sixteenMebibytesEchoBothWaysAtOnceOverTls() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    byte[] sent = new byte[SIZE];
    new Random(42).nextBytes(sent);
    byte[] received = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<Void> server = Steps.then(listener.accept(), tcp -> Steps.then(
          AsyncTlsStream.server(tcp, keys.serverContext), tls -> Loopback.echo(tls, 64 << 10)));
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()), tcp -> Steps.then(
          AsyncTlsStream.client(tcp, keys.clientContext, "localhost"), client -> {
            // One write of 16 MiB and the reads of its echo, in flight on one stream at once.
            Task<Void> writing = Steps.then(client.write(ByteBuffer.wrap(sent)),
                written -> client.shutdownOutput());
            ByteBuffer echoed = ByteBuffer.allocate(SIZE);
            Task<Integer> reading = Loopback.readFully(client, echoed);
            return Steps.then(Task.all(writing, reading, server), all -> {
              listener.close();
              return Steps.then(client.close(), closed -> Task.completed(echoed.array()));
            });
          }));
    });
    assertArrayEquals(sent, received);
  }

  @Test
  @Timeout(200)
  void oneLoopHoldsAThousandTlsConnectionsOpenAtOnce() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    CompletableFuture<SocketAddress> serverAddress = new CompletableFuture<>();
    CompletableFuture<List<String>> replies = new CompletableFuture<>();
    Thread clients = new Thread(() -> {
      try {
        replies.complete(EventLoop.run(() -> runClients(serverAddress.join(), keys)));
      } catch (Throwable failure) {
        replies.completeExceptionally(failure);
      }
    }, "tls-client-loop");
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    clients.start();

    int maxOpen = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      serverAddress.complete(listener.localAddress());
      // Nobody gets a reply until all thousand requests are in: all are open at once.
      Promise<Void> allArrived = new Promise<>();
      int[] arrived = {0};
      List<Task<Void>> handlers = new ArrayList<>();
      AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
      Task<Void> accepting = Steps.repeat(() -> {
        if (handlers.size() == CONNECTIONS) {
          return Task.completed(false);
        }
        return Steps.then(incoming.next(), tcp -> {
          SSLEngine engine = keys.serverContext.createSSLEngine();
          engine.setUseClientMode(false);
          handlers.add(Steps.then(AsyncTlsStream.handshake(tcp, engine, PATIENCE), tls -> {
            ByteBuffer request = ByteBuffer.allocate(8);
            return Steps.then(Loopback.readFully(tls, request), n -> {
              if (++arrived[0] == CONNECTIONS) {
                allArrived.complete(null);
              }
              return Steps.then(allArrived.task(), all -> {
                request.flip();
                return Steps.then(tls.write(request), w -> tls.close());
              });
            });
          }));
          return Task.completed(true);
        });
      });
      return Steps.then(accepting, accepted -> Steps.then(Task.all(handlers), done -> {
        listener.close();
        return Task.completed(arrived[0]);
      }));
    });
    List<String> got = replies.get(100, TimeUnit.SECONDS);
    clients.join();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    long cpuMillis = TimeUnit.NANOSECONDS.toMillis(processCpuNanos() - cpuStarted);
    System.out.println("TlsBulkTest: " + CONNECTIONS + " TLS connections (handshake, request,"
        + " reply, close_notify both ways) in " + millis + " ms, " + cpuMillis + " ms of CPU"
        + " (clients and server in this JVM, both sides of every handshake)");
    assertEquals(CONNECTIONS, maxOpen);
    assertEquals(CONNECTIONS, got.size());
    for (int i = 0; i < CONNECTIONS; i++) {
      assertEquals(String.format("req%05d", i), got.get(i));
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static Task<List<String>> runClients(SocketAddress address, TlsKeys keys) {
    List<Task<String>> calls = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      String request = String.format("req%05d", i);
      SSLEngine engine = keys.clientContext.createSSLEngine("localhost", 0);
      engine.setUseClientMode(true);
      calls.add(Steps.then(AsyncTcpStream.connect(address), tcp -> Steps.then(
          AsyncTlsStream.handshake(tcp, engine, PATIENCE), tls -> Steps.then(
              tls.write(Loopback.ascii(request)), written -> {
                ByteBuffer reply = ByteBuffer.allocate(8);
                return Steps.then(Loopback.readFully(tls, reply), n -> Steps.then(tls.close(),
                    closed -> Task.completed(Loopback.ascii(reply, n))));
              }))));
    }
    return Task.all(calls);
  }
}
