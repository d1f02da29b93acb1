package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code AsyncTcpListener.bind(address, group)}: one port, every loop accepting its own
 * connections and serving each of them on that loop alone, with {@code SO_REUSEPORT} (the kernel
 * spreads) and with one acceptor handing connections out.
 */
@Timeout(60)
class GroupListenerTest {
  private static final int CONNECTIONS = 1000;
  private static final int AT_ONCE = 100;

  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {true, false})
  void aThousandConnectionsSpreadOverTwoLoopsEachServedOnOneLoop(boolean reusePort)
      throws Exception {
    /** Connection number -> every thread that ran a step of serving it. */
    Map<Integer, Set<String>> servedOn = new ConcurrentHashMap<>();
    try (EventLoopGroup group = EventLoopGroup.start(2)) {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort(), group, reusePort);
      List<Task<Void>> acceptLoops = group.submitToEach(() -> acceptAll(listener, servedOn));

      int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
      for (int first = 0; first < CONNECTIONS; first += AT_ONCE) {
        List<Socket> clients = new ArrayList<>();
        for (int n = first; n < first + AT_ONCE; n++) {
          Socket client = new Socket("127.0.0.1", port);
          client.getOutputStream().write(String.format("%08d", n).getBytes(StandardCharsets.US_ASCII));
          clients.add(client);
        }
        for (int n = first; n < first + AT_ONCE; n++) {
          try (Socket client = clients.get(n - first)) {
            assertEquals(String.format("%08d", n), new String(client.getInputStream().readNBytes(8),
                StandardCharsets.US_ASCII));
          }
        }
      }
      listener.close();
      Task.all(acceptLoops).join(); // each accept loop ends with null once the listener closes
    }

    assertEquals(CONNECTIONS, servedOn.size());
    Map<String, Integer> perLoop = new ConcurrentHashMap<>();
    servedOn.forEach((connection, threads) -> {
      assertEquals(1, threads.size(), "connection " + connection + " was served on " + threads);
      perLoop.merge(threads.iterator().next(), 1, Integer::sum);
    });
    assertEquals(Set.of("spindle-loop-0", "spindle-loop-1"), perLoop.keySet(), perLoop.toString());
    System.out.println("GroupListenerTest reusePort=" + reusePort + ": connections per loop "
        + perLoop);
    if (!reusePort) {
      assertEquals(Map.of("spindle-loop-0", 500, "spindle-loop-1", 500), perLoop, "round robin");
    }
  }

  /** Accepts until the listener closes; echoes 8 bytes on each connection, then closes it. */
  private static Task<Void> acceptAll(AsyncTcpListener listener,
      Map<Integer, Set<String>> servedOn) {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    String acceptedOn = Thread.currentThread().getName();
    return Steps.repeat(() -> Steps.then(incoming.next(), conn -> {
      if (conn == null) {
        return Task.completed(false);
      }
      Set<String> threads = ConcurrentHashMap.newKeySet();
      threads.add(acceptedOn);
      ByteBuffer request = ByteBuffer.allocate(8);
      EventLoop.spawn(Steps.then(Loopback.readFully(conn, request), n -> {
        threads.add(Thread.currentThread().getName());
        servedOn.put(Integer.parseInt(Loopback.ascii(request, 8)), threads);
        request.flip();
        return Steps.then(conn.write(request), written -> {
          threads.add(Thread.currentThread().getName());
          return Steps.then(conn.close(), closed -> {
            threads.add(Thread.currentThread().getName());
            return Task.completed(null);
          });
        });
      }));
      return Task.completed(true);
    }));
  }

  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {true, false})
  void aStreamRefusesUseFromAnotherLoopOfTheGroup(boolean reusePort) throws Exception {
    try (EventLoopGroup group = EventLoopGroup.start(2);
        AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort(), group, reusePort)) {
      CompletableFuture<AsyncTcpStream> accepted = new CompletableFuture<>();
      group.submitToEach(() -> Steps.then(listener.accept(), conn -> {
        accepted.complete(conn);
        return Task.completed(null);
      }));
      int port = ((java.net.InetSocketAddress) listener.localAddress()).getPort();
      try (Socket client = new Socket("127.0.0.1", port)) {
        AsyncTcpStream stream = accepted.get(10, TimeUnit.SECONDS);
        EventLoop owner = stream.loop;
        EventLoop other = group.loop(1 - group.indexOf(owner));
        Task<Integer> read = onLoop(other, () -> stream.read(ByteBuffer.allocate(8)));
        IllegalStateException refused = (IllegalStateException) read.failureNow();
        assertEquals("AsyncTcpStream.read() must be called on the stream's event-loop thread ("
            + owner + "), not " + threadOf(other) + ": streams belong to the loop that opened"
            + " them", refused.getMessage());
      }
    }
  }

  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {true, false})
  void acceptOffTheGroupsLoopsRefuses(boolean reusePort) {
    try (EventLoopGroup group = EventLoopGroup.start(1);
        AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort(), group, reusePort)) {
      Throwable refused = listener.accept().failureNow();
      assertEquals("AsyncTcpListener.accept() on " + listener.localAddress() + " must be called"
          + " on a loop of the group it was bound to (EventLoopGroup[1 loops]), not "
          + Thread.currentThread().getName() + ": each loop of the group accepts its own"
          + " connections; start the accept loops with group.submitToEach(...)",
          refused.getMessage());
    }
  }

  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {true, false})
  void aPortInUseIsRefusedEvenByAnotherGroupWithReusePort(boolean reusePort) {
    try (EventLoopGroup group = EventLoopGroup.start(2);
        AsyncTcpListener first = AsyncTcpListener.bind(Loopback.anyPort(), group, reusePort)) {
      java.io.UncheckedIOException refused = org.junit.jupiter.api.Assertions.assertThrows(
          java.io.UncheckedIOException.class,
          () -> AsyncTcpListener.bind(first.localAddress(), group, reusePort));
      assertTrue(refused.getMessage().startsWith("AsyncTcpListener.bind(" + first.localAddress()
          + ") failed: java.net.BindException: bind to " + IoFailures.address(first.localAddress())
          + ": Address already in use"), refused.getMessage());
    }
  }

  @Test
  void reusePortIsTheDefaultOnLinux() {
    boolean linux = System.getProperty("os.name").toLowerCase().startsWith("linux");
    assertEquals(linux, ReusePortSpread.usable());
  }

  private static String threadOf(EventLoop loop) throws Exception {
    return onLoop(loop, () -> Thread.currentThread().getName());
  }

  private static <T> T onLoop(EventLoop loop, java.util.function.Supplier<T> step)
      throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> result.complete(step.get()));
    return result.get(10, TimeUnit.SECONDS);
  }
}
