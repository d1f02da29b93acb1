package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A Spindle client and a Spindle server on one loop: handshake, a request, its echo, close. */
class TlsHandshakeTest {
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  @Timeout(30)
  void aClientAndAServerOnOneLoopAgreeOnTheProtocolAndEchoAndCloseCleanly(String protocol)
      throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    List<Object> outcome = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<List<Object>> server = Steps.then(listener.accept(),
          tcp -> Steps.then(AsyncTlsStream.server(tcp, keys.serverContext), tls -> {
            ByteBuffer request = ByteBuffer.allocate(64);
            return Steps.then(tls.read(request), count -> {
              request.flip();
              return Steps.then(tls.write(request), written ->
                  Steps.then(tls.read(ByteBuffer.allocate(16)), end ->
                      Steps.then(tls.close(), closed -> Task.completed(
                          List.<Object>of(count, end, tls.session().getProtocol())))));
            });
          }));
      Task<List<Object>> client = Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          tcp -> {
            SSLEngine engine = keys.clientContext.createSSLEngine("localhost", 0);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {protocol});
            return Steps.then(AsyncTlsStream.handshake(tcp, engine,
                Duration.ofSeconds(10)), tls -> Steps.then(
                    tls.write(Loopback.ascii("hello, tls")), written -> {
                      ByteBuffer echo = ByteBuffer.allocate(10);
                      return Steps.then(Loopback.readFully(tls, echo), count ->
                          Steps.then(tls.close(), closed -> Task.completed(List.<Object>of(
                              Loopback.ascii(echo, count), tls.session().getProtocol(),
                              tls.isOpen()))));
                    }));
          });
      return Steps.then(Task.all(server, client), both -> {
        listener.close();
        return Task.completed(List.<Object>of(both.get(0), both.get(1)));
      });
    });
    assertEquals(List.of(10, -1, protocol), outcome.get(0), "server: bytes read, then the"
        + " client's close_notify as end of stream, and the protocol");
    assertEquals(List.of("hello, tls", protocol, false), outcome.get(1));
  }

  @Test
  @Timeout(30)
  void delegatedTasksRunOffTheLoopAndTheHandshakeResumesOnIt() throws Exception {
    TlsKeys keys = TlsKeys.trusted();
    RecordingEngine server = new RecordingEngine(keys.serverContext.createSSLEngine());
    server.setUseClientMode(false);
    RecordingEngine client =
        new RecordingEngine(keys.clientContext.createSSLEngine("localhost", 0));
    client.setUseClientMode(true);
    String loopThread = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTlsStream> serving = Steps.then(listener.accept(),
          tcp -> AsyncTlsStream.handshake(tcp, server, Duration.ofSeconds(10)));
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()), tcp -> Steps.then(
          AsyncTlsStream.handshake(tcp, client, Duration.ofSeconds(10)), tls -> Steps.then(
              serving, accepted -> {
                listener.close();
                return Steps.then(tls.close(), closed -> Steps.then(accepted.close(),
                    both -> Task.completed(Thread.currentThread().getName())));
              })));
    });
    for (RecordingEngine engine : List.of(server, client)) {
      assertFalse(engine.taskThreads.isEmpty(), "the JDK's engine delegates its key exchange");
      assertTrue(engine.taskThreads.stream().allMatch(name -> name.startsWith("spindle-tls-")),
          "delegated tasks on the pool: " + engine.taskThreads);
      assertEquals(Set.of(loopThread), Set.copyOf(engine.engineThreads),
          "every wrap and unwrap on the loop thread");
    }
  }
}
