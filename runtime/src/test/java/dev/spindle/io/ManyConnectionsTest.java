package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ManyConnectionsTest {
  private static final int CONNECTIONS = 1000;

  @Test
  @Timeout(60)
  void oneLoopServesAThousandConnectionsOpenAtOnce() throws Exception {
    CompletableFuture<SocketAddress> serverAddress = new CompletableFuture<>();
    Set<Thread> serverThreads = ConcurrentHashMap.newKeySet();
    CompletableFuture<List<String>> replies = new CompletableFuture<>();

    Thread clients = new Thread(() -> {
      try {
        replies.complete(EventLoop.run(() -> runClients(serverAddress.join())));
      } catch (Throwable failure) {
        replies.completeExceptionally(failure);
      }
    }, "client-loop");
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
        return Steps.then(incoming.next(), conn -> {
          serverThreads.add(Thread.currentThread());
          ByteBuffer request = ByteBuffer.allocate(8);
          handlers.add(Steps.then(Loopback.readFully(conn, request), n -> {
            if (++arrived[0] == CONNECTIONS) {
              allArrived.complete(null);
            }
            return Steps.then(allArrived.task(), all -> {
              request.flip();
              return Steps.then(conn.write(request), w -> conn.close());
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

    List<String> got = replies.get(30, TimeUnit.SECONDS);
    clients.join();
    assertEquals(CONNECTIONS, maxOpen);
    assertEquals(CONNECTIONS, got.size());
    for (int i = 0; i < CONNECTIONS; i++) {
      assertEquals(String.format("req%05d", i), got.get(i));
    }
    assertEquals(Set.of(Thread.currentThread()), serverThreads);
  }

  private static Task<List<String>> runClients(SocketAddress address) {
    List<Task<String>> calls = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      String request = String.format("req%05d", i);
      calls.add(Steps.then(AsyncTcpStream.connect(address), conn -> Steps.then(
          conn.write(Loopback.ascii(request)), written -> {
            ByteBuffer reply = ByteBuffer.allocate(8);
            return Steps.then(Loopback.readFully(conn, reply), n -> Steps.then(conn.close(),
                closed -> Task.completed(Loopback.ascii(reply, n))));
          })));
    }
    return Task.all(calls);
  }
}
