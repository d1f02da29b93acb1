package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Socket failures name their operation and address and keep the JDK's type (see
 * {@link IoFailures}), on real sockets on 127.0.0.1.
 */
@Timeout(20)
class IoFailureMessagesTest {
  @Test
  void aRefusedConnectNamesTheAddressAndIsStillAConnectException() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", closedPort);
    Throwable failure = EventLoop.run(() -> caught(AsyncTcpStream.connect(address)));

    assertSame(ConnectException.class, failure.getClass(), "catch (ConnectException e) works");
    assertEquals("connect to 127.0.0.1:" + closedPort + ": Connection refused",
        failure.getMessage());
    Throwable jdk = failure.getCause();
    assertSame(ConnectException.class, jdk.getClass());
    assertEquals("Connection refused", jdk.getMessage());
    assertTrue(failure.getStackTrace()[0].getClassName().startsWith("sun.nio.ch."),
        "the JDK's frames, on the named exception");
    assertEquals(0, jdk.getStackTrace().length, "and not printed again under Caused by");
  }

  @Test
  void readAndWriteOnAResetConnectionNameThePeerAndTheLocalEnd() throws Exception {
    AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
    InetSocketAddress address = (InetSocketAddress) listener.localAddress();
    try (Socket client = new Socket(address.getAddress(), address.getPort())) {
      client.setSoLinger(true, 0); // close() then sends a reset, not an orderly end of stream
      String peer = "127.0.0.1:" + client.getLocalPort() + " (local 127.0.0.1:"
          + address.getPort() + ")";
      Throwable[] failures = EventLoop.run(() -> Steps.then(listener.accept(), server -> {
        listener.close();
        closeQuietly(client);
        return Steps.then(caught(server.read(ByteBuffer.allocate(16))), readFailure ->
            Steps.then(caught(server.write(ByteBuffer.allocate(1 << 20))), writeFailure ->
                Steps.then(server.close(), closed ->
                    Task.completed(new Throwable[] {readFailure, writeFailure}))));
      }));
      assertNamed("read from " + peer + ": ", failures[0]);
      assertInstanceOf(SocketException.class, failures[0]);
      assertTrue(failures[0].getMessage().endsWith("Connection reset"), failures[0].getMessage());
      assertNamed("write to " + peer + ": ", failures[1]);
    }
  }

  /**
   * {@code failure} says {@code prefix} then the JDK's message, is of the JDK's class (or of the
   * nearest one a catch can name), and has the JDK's exception as its cause.
   */
  private static void assertNamed(String prefix, Throwable failure) {
    assertNotNull(failure, "the operation must fail");
    Throwable jdk = failure.getCause();
    assertNotNull(jdk, "the JDK's exception is the cause: " + failure);
    assertEquals(prefix + jdk.getMessage(), failure.getMessage());
    assertTrue(failure.getClass().isAssignableFrom(jdk.getClass()), failure + " / " + jdk);
    assertTrue(failure.getClass() == jdk.getClass()
        || !jdk.getClass().getModule().isExported(jdk.getClass().getPackageName()),
        "the type changes only when users could not name it: " + jdk.getClass());
  }

  @Test
  void aBindToAnAddressInUseNamesItAndIsStillABindException() {
    AsyncTcpListener first = AsyncTcpListener.bind(Loopback.anyPort());
    try {
      InetSocketAddress taken = (InetSocketAddress) first.localAddress();
      UncheckedIOException refused = assertThrows(UncheckedIOException.class,
          () -> AsyncTcpListener.bind(taken));
      IOException cause = refused.getCause();
      assertSame(BindException.class, cause.getClass());
      assertEquals("bind to 127.0.0.1:" + taken.getPort() + ": Address already in use",
          cause.getMessage());
      assertTrue(refused.getMessage().startsWith("AsyncTcpListener.bind(" + taken + ") failed: "
          + "java.net.BindException: bind to 127.0.0.1:" + taken.getPort()), refused.getMessage());
    } finally {
      first.close();
    }
  }

  @Test
  void aTypeWithoutAMessageConstructorIsKeptAndGetsTheOperationAsASuppressedNote() {
    ClosedChannelException jdk = new ClosedChannelException();
    IOException named = IoFailures.named("read from 127.0.0.1:80", jdk);
    assertSame(jdk, named, "the very object: catch (ClosedChannelException e) still works");
    assertEquals(1, jdk.getSuppressed().length);
    assertEquals("while: read from 127.0.0.1:80", jdk.getSuppressed()[0].getMessage());
    assertEquals(0, jdk.getSuppressed()[0].getStackTrace().length);
  }

  @Test
  void aTypeUsersCannotNameBecomesTheNearestOneTheyCan() {
    IOException jdk = new HiddenReset("Connection reset");
    IOException named = IoFailures.named("read from 127.0.0.1:80", jdk);
    assertSame(SocketException.class, named.getClass());
    assertEquals("read from 127.0.0.1:80: Connection reset", named.getMessage());
    assertSame(jdk, named.getCause());
  }

  @Test
  void addressesReadAsUsersWriteThem() {
    assertEquals("127.0.0.1:80", IoFailures.address(new InetSocketAddress("127.0.0.1", 80)));
    assertEquals("[0:0:0:0:0:0:0:1]:80", IoFailures.address(new InetSocketAddress("::1", 80)));
    assertEquals("example.invalid:80",
        IoFailures.address(InetSocketAddress.createUnresolved("example.invalid", 80)));
    assertTrue(Pattern.matches("127\\.0\\.0\\.1:80",
        IoFailures.address(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 80))));
  }

  /** Like {@code sun.net.ConnectionResetException}: a type no catch outside can name. */
  private static final class HiddenReset extends SocketException {
    private static final long serialVersionUID = 1L;

    HiddenReset(String message) {
      super(message);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The failure of {@code task} once it finishes ({@code null} if it succeeds). */
  private static Task<Throwable> caught(Task<?> task) {
    Promise<Throwable> failure = new Promise<>();
    task.whenDone(done -> failure.complete(done.failureNow()));
    return failure.task();
  }
}
