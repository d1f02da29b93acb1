package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link FanOut} against small blocking servers on 127.0.0.1: some fast, some never answer. */
@Timeout(60)
class FanOutTest {
  private static final Duration LONG_DEADLINE = Duration.ofSeconds(30);

  @Test
  void allFastServersGiveAllTheirAnswersInOrder() throws Exception {
    try (TestServer first = TestServer.answering("one");
        TestServer second = TestServer.answering("two");
        TestServer third = TestServer.answering("three")) {
      List<FanOut.Reply> replies = EventLoop.run(() -> FanOut.fetchAll(
          List.of(first.address(), second.address(), third.address()), LONG_DEADLINE));
      assertEquals(List.of("one", "two", "three"),
          replies.stream().map(FanOut.Reply::body).collect(Collectors.toList()));
      assertEquals(List.of(200, 200, 200),
          replies.stream().map(FanOut.Reply::status).collect(Collectors.toList()));
      assertEquals(third.address(), replies.get(2).server());
    }
  }

  @Test
  void theDeadlineFailsTheScopeAndClosesTheSlowServersConnection() throws Exception {
    try (TestServer fast = TestServer.answering("fast");
        TestServer slow = TestServer.neverAnswering();
        TestServer alsoSlow = TestServer.neverAnswering()) {
      TimeoutException timeout = assertThrows(TimeoutException.class, () -> EventLoop.run(
          () -> FanOut.fetchAll(List.of(fast.address(), slow.address(), alsoSlow.address()),
              Duration.ofMillis(300))));
      assertTrue(timeout.getMessage().startsWith("Task.orTimeout(PT0.3S)"), timeout.getMessage());
      // The scope ended only after every child had closed its connection: the servers see it.
      slow.awaitClosedByClient();
      alsoSlow.awaitClosedByClient();
    }
  }

  @Test
  void theFirstFailureCancelsTheOtherFetchesAndIsTheScopesFailure() throws Exception {
    try (TestServer slow = TestServer.neverAnswering();
        TestServer failing = TestServer.answeringStatus(500, "boom");
        TestServer alsoSlow = TestServer.neverAnswering()) {
      FanOut.BadAnswer failure = assertThrows(FanOut.BadAnswer.class, () -> EventLoop.run(
          () -> FanOut.fetchAll(List.of(slow.address(), failing.address(), alsoSlow.address()),
              LONG_DEADLINE)));
      assertTrue(failure.getMessage().startsWith(failing.address() + " answered 500, not 200:"),
          failure.getMessage());
      slow.awaitClosedByClient();
      alsoSlow.awaitClosedByClient();
    }
  }

  @Test
  void aServerThatCannotBeReachedFailsTheScopeWithItsConnectException() throws Exception {
    // A port that was free a moment ago, and is closed again: nothing listens there.
    InetSocketAddress nobody;
    try (ServerSocket closedAgain = new ServerSocket(0, 1, TestServer.LOOPBACK)) {
      nobody = (InetSocketAddress) closedAgain.getLocalSocketAddress();
    }
    try (TestServer slow = TestServer.neverAnswering()) {
      assertThrows(ConnectException.class, () -> EventLoop.run(
          () -> FanOut.fetchAll(List.of(slow.address(), nobody), LONG_DEADLINE)));
    }
  }

  /**
   * A blocking HTTP server on its own thread: reads each request head, then either answers and
   * closes, or answers nothing and waits for the client to close.
   */
  static final class TestServer implements AutoCloseable {
    static final java.net.InetAddress LOOPBACK = java.net.InetAddress.getLoopbackAddress();

    private final ServerSocket socket;
    private final String answer;
    private final List<Socket> accepted = new ArrayList<>();
    private final CountDownLatch closedByClient = new CountDownLatch(1);
    private final Thread thread;

    private TestServer(String answer) throws IOException {
      this.socket = new ServerSocket(0, 50, LOOPBACK);
      this.answer = answer;
      this.thread = new Thread(this::serve, "fan-out-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    static TestServer answering(String body) throws IOException {
      return answeringStatus(200, body);
    }

    static TestServer answeringStatus(int status, String body) throws IOException {
      return new TestServer("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body);
    }

    static TestServer neverAnswering() throws IOException {
      return new TestServer(null);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Waits (bounded) until the client has closed the connection this server holds. */
    void awaitClosedByClient() throws InterruptedException {
      assertTrue(closedByClient.await(20, TimeUnit.SECONDS),
          "the client never closed its connection to " + address());
    }

    private void serve() {
      try (Socket connection = socket.accept()) {
        synchronized (accepted) {
          accepted.add(connection);
        }
        InputStream in = connection.getInputStream();
        readHead(in);
        if (answer != null) {
          connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
          return;
        }
        while (in.read() >= 0) {
          // the client sends nothing more; -1 when it closes
        }
        closedByClient.countDown();
      } catch (IOException endedOrReset) {
        closedByClient.countDown(); // a reset is the client closing too
      }
    }

    private static void readHead(InputStream in) throws IOException {
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < end.length) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("closed before the end of the request head");
        }
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close(); // a pending accept ends with an exception, and the thread with it
      synchronized (accepted) {
        for (Socket connection : accepted) {
          connection.close();
        }
      }
    }
  }
}
