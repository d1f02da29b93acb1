package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spindle's TLS against the JDK's blocking TLS sockets, each side in turn. */
class TlsInteropTest {
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  @Timeout(30)
  void aJdkSslSocketClientTalksToASpindleServer(String protocol) throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (TlsTestServer server =
        new TlsTestServer(tcp -> AsyncTlsStream.server(tcp, keys.serverContext))) {
      try (SSLSocket socket = (SSLSocket) keys.clientContext.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), server.address().getPort())) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // against ip:127.0.0.1
        parameters.setProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        socket.getOutputStream().write("ping from the JDK".getBytes(StandardCharsets.US_ASCII));
        byte[] echo = socket.getInputStream().readNBytes(17);
        assertEquals("ping from the JDK", new String(echo, StandardCharsets.US_ASCII));
        assertEquals(protocol, socket.getSession().getProtocol());
      }
      AsyncTlsStream stream = assertInstanceOf(AsyncTlsStream.class, server.nextOutcome());
      assertEquals(protocol, stream.session().getProtocol());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  @Timeout(30)
  void aSpindleClientTalksToAJdkSslServerSocket(String protocol) throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    try (SSLServerSocket listener = (SSLServerSocket) keys.serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setEnabledProtocols(new String[] {protocol});
      CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          InputStream in = socket.getInputStream();
          OutputStream out = socket.getOutputStream();
          byte[] request = in.readNBytes(4);
          out.write(("pong to " + new String(request, StandardCharsets.US_ASCII))
              .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          int end = in.read(); // the client's close_notify
          return socket.getSession().getProtocol() + " " + end;
        } catch (Exception failure) {
          throw new IllegalStateException(failure);
        }
      });
      List<Object> got = EventLoop.run(() -> Steps.then(
          AsyncTcpStream.connect(listener.getLocalSocketAddress()),
          tcp -> Steps.then(AsyncTlsStream.client(tcp, keys.clientContext, "localhost"),
              tls -> Steps.then(tls.write(Loopback.ascii("ping")), written -> {
                ByteBuffer answer = ByteBuffer.allocate("pong to ping".length());
                return Steps.then(Loopback.readFully(tls, answer), count -> Steps.then(
                    tls.close(), closed -> Task.completed(List.<Object>of(
                        Loopback.ascii(answer, count), tls.session().getProtocol()))));
              }))));
      assertEquals(List.of("pong to ping", protocol), got);
      assertEquals(protocol + " -1", served.get(10, TimeUnit.SECONDS));
    }
  }
}
