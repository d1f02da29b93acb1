package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each way a TLS connection goes wrong gives the side that can act a message saying what to do,
 * closes the connection, and leaves the server serving: after each, a good client still
 * gets its echo from the same server.
 */
class TlsFailureTest {
  @Test
  @Timeout(30)
  void plainHttpToTheTlsPortIsNamedOnTheServerAndTheConnectionLeftForAPlainAnswer()
      throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = serverOf(keys.serverContext)) {
      try (Socket plain =
          new Socket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
        plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        Object outcome = server.nextOutcome();
        NotTlsRecordException refused = assertInstanceOf(NotTlsRecordException.class, outcome);
        assertTrue(refused.getMessage().startsWith("AsyncTlsStream.server(): the client at"
            + " 127.0.0.1:"), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("sent plain text (\"GET / HTTP/1.1\") where a"
            + " TLS handshake was expected: it must speak TLS on this port (https://, not"
            + " http://)"), refused.getMessage());
        assertEquals(-1, plain.getInputStream().read(), "the test server closes it");
      }
      assertAGoodClientIsServed(server, keys);
    }
  }

  @Test
  @Timeout(30)
  void noCommonProtocolFailsBothSidesAndTellsTheClientWhichVersionsItOffered() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = new TlsTestServer(tcp -> {
      SSLEngine engine = keys.serverContext.createSSLEngine();
      engine.setUseClientMode(false);
      engine.setEnabledProtocols(new String[] {"TLSv1.3"});
      return AsyncTlsStream.handshake(tcp, engine, Duration.ofSeconds(10));
    })) {
      Throwable clientFailure = clientFailure(server.address(), () -> {
        SSLEngine engine = keys.clientContext.createSSLEngine("localhost", 0);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        return engine;
      });
      assertInstanceOf(SSLHandshakeException.class, clientFailure);
      String message = clientFailure.getMessage();
      assertTrue(message.startsWith("TLS handshake with 127.0.0.1:" + server.address().getPort()
          + " (local 127.0.0.1:"), message);
      assertTrue(message.endsWith("the two sides share no TLS version or cipher suite: this"
          + " side enables [TLSv1.2], so enable one the peer speaks (Spindle speaks TLSv1.3 and"
          + " TLSv1.2)"), message);
      Throwable serverFailure = assertInstanceOf(SSLHandshakeException.class,
          server.nextOutcome());
      assertTrue(serverFailure.getMessage().contains("share no TLS version"),
          serverFailure.getMessage());
      assertAGoodClientIsServed(server, keys);
    }
  }

  @Test
  @Timeout(30)
  void aClientThatDoesNotTrustTheCertificateSaysSoAndTheServerHearsWhy() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = serverOf(keys.serverContext)) {
      Throwable clientFailure = clientFailure(server.address(), () -> {
        SSLEngine engine = TlsKeys.stranger().clientContext.createSSLEngine("localhost", 0);
        engine.setUseClientMode(true);
        return engine;
      });
      assertInstanceOf(SSLHandshakeException.class, clientFailure);
      assertTrue(clientFailure.getMessage().contains("PKIX path"), clientFailure.getMessage());
      assertTrue(clientFailure.getMessage().endsWith("the peer's certificate is not trusted for"
          + " host localhost: give this side's SSLContext a trust store holding the peer's"
          + " certificate or its CA, and give the peer a certificate whose subject alternative"
          + " names include the host name the client connects to"), clientFailure.getMessage());
      Throwable serverFailure = assertInstanceOf(SSLException.class, server.nextOutcome());
      assertTrue(serverFailure.getMessage().contains("the peer refused this side's"
          + " certificate"), serverFailure.getMessage());
      assertAGoodClientIsServed(server, keys);
    }
  }

  @Test
  @Timeout(30)
  void aClientNamingAHostTheCertificateDoesNotCoverIsRefused() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = serverOf(keys.serverContext)) {
      Throwable clientFailure = EventLoop.run(() -> failureOf(Steps.then(
          AsyncTcpStream.connect(server.address()),
          tcp -> AsyncTlsStream.client(tcp, keys.clientContext, "example.com"))));
      assertInstanceOf(SSLHandshakeException.class, clientFailure);
      assertTrue(clientFailure.getMessage().contains("example.com"), clientFailure.getMessage());
      server.nextOutcome();
      assertAGoodClientIsServed(server, keys);
    }
  }

  @Test
  @Timeout(30)
  void aPeerThatStopsMidHandshakeTimesOutAndIsClosed() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = new TlsTestServer(tcp -> {
      SSLEngine engine = keys.serverContext.createSSLEngine();
      engine.setUseClientMode(false);
      return AsyncTlsStream.handshake(tcp, engine, Duration.ofMillis(300));
    })) {
      try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(),
          server.address().getPort())) {
        // The header of a handshake record of 512 bytes, and then nothing.
        stalled.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
        Throwable failure = assertInstanceOf(SSLHandshakeException.class, server.nextOutcome());
        assertTrue(failure.getMessage().matches("TLS handshake with 127\\.0\\.0\\.1:\\d+ \\(local"
            + " 127\\.0\\.0\\.1:\\d+\\) did not finish within 300 ms \\(the handshake timeout\\):"
            + " the peer stopped answering, or does not speak TLS; the connection is closed"),
            failure.getMessage());
        byte[] left = stalled.getInputStream().readAllBytes(); // ends: closed by the server
        assertTrue(left.length == 0 || left[0] == 0x15, "nothing, or an alert record, then the"
            + " end: " + java.util.Arrays.toString(left));
      }
      server.handshake = tcp -> AsyncTlsStream.server(tcp, keys.serverContext);
      assertAGoodClientIsServed(server, keys);
    }
  }

  @Test
  @Timeout(30)
  void aReaderSeesATruncationWhenThePeerClosesWithoutCloseNotify() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = new TlsTestServer(tcp -> Steps.then(
        AsyncTlsStream.server(tcp, keys.serverContext), tls -> Steps.then(
            tls.write(Loopback.ascii("partial")), written -> Steps.then(tls.tcp().close(),
                cut -> Task.completed(tls)))))) {
      Throwable failure = EventLoop.run(() -> failureOf(Steps.then(
          AsyncTcpStream.connect(server.address()),
          tcp -> Steps.then(AsyncTlsStream.client(tcp, keys.clientContext, "localhost"),
              tls -> Loopback.readFully(tls, ByteBuffer.allocate(64))))));
      assertInstanceOf(SSLException.class, failure);
      assertTrue(failure.getMessage().matches("read from 127\\.0\\.0\\.1:\\d+ \\(local"
          + " 127\\.0\\.0\\.1:\\d+\\): the peer closed the TCP connection without sending"
          + " close_notify, so what it sent may have been cut off \\(a truncation\\); treat the"
          + " data as incomplete"), failure.getMessage());
    }
  }

  @Test
  @Timeout(30)
  void renegotiationByATls12ClientIsRefused() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server = serverOf(keys.serverContext)) {
      try (SSLSocket socket = jdkClient(keys.clientContext, server.address(), "TLSv1.2")) {
        socket.getOutputStream().write('x');
        assertEquals('x', socket.getInputStream().read());
        assertInstanceOf(AsyncTlsStream.class, server.nextOutcome());
        socket.startHandshake(); // a second handshake: renegotiation
        InputStream in = socket.getInputStream();
        IOException ended = assertThrows(IOException.class, () -> {
          socket.getOutputStream().write('y');
          if (in.read() < 0) {
            throw new IOException("closed");
          }
        });
        assertTrue(ended.getMessage() != null, String.valueOf(ended));
        Throwable refused = server.echoFailures.poll(20, java.util.concurrent.TimeUnit.SECONDS);
        assertInstanceOf(SSLException.class, refused);
        assertTrue(refused.getMessage().matches("TLS connection with 127\\.0\\.0\\.1:\\d+ \\(local"
            + " 127\\.0\\.0\\.1:\\d+\\): the peer started a TLS renegotiation \\(a new handshake"
            + " on the established TLSv1\\.2 connection\\), which AsyncTlsStream refuses: open a"
            + " new connection instead"), refused.getMessage());
      }
      assertAGoodClientIsServed(server, keys);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static TlsTestServer serverOf(SSLContext context) throws Exception {
    return new TlsTestServer(tcp -> AsyncTlsStream.server(tcp, context));
  }

  private static SSLSocket jdkClient(SSLContext context, InetSocketAddress address,
      String protocol) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(address.getAddress(), address.getPort());
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setProtocols(new String[] {protocol});
    socket.setSSLParameters(parameters);
    return socket;
  }

  /** The failure of a Spindle client's handshake with an engine made by {@code engines}. */
  private static Throwable clientFailure(InetSocketAddress address, EngineMaker engines) {
    return EventLoop.run(() -> {
      SSLEngine engine;
      try {
        engine = engines.make();
      } catch (Exception failure) {
        return Task.failed(failure);
      }
      return failureOf(Steps.then(AsyncTcpStream.connect(address),
          tcp -> AsyncTlsStream.handshake(tcp, engine, Duration.ofSeconds(10))));
    });
  }

  /** The failure {@code task} ends with; an {@link AssertionError} if it succeeds. */
  static Task<Throwable> failureOf(Task<?> task) {
    Promise<Throwable> failure = new Promise<>();
    task.whenDone(done -> {
      Throwable failed = done.failureNow();
      failure.complete(failed != null ? failed
          : new AssertionError("expected a failure, got " + done.resultNow()));
    });
    return failure.task();
  }

  private interface EngineMaker {
    SSLEngine make() throws Exception;
  }

  /** A JDK client still gets its echo from {@code server}, which kept serving. */
  private static void assertAGoodClientIsServed(TlsTestServer server, TlsKeys keys)
      throws Exception {
    try (SSLSocket socket = jdkClient(keys.clientContext, server.address(), "TLSv1.3")) {
      socket.getOutputStream().write("still serving".getBytes(StandardCharsets.US_ASCII));
      assertEquals("still serving", new String(socket.getInputStream().readNBytes(13),
          StandardCharsets.US_ASCII));
    }
    assertInstanceOf(AsyncTlsStream.class, server.nextOutcome());
  }
}
