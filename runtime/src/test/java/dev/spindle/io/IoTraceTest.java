package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.loop.InstalledTrace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class IoTraceTest {
  @AfterEach
  void uninstall() {
    IoTrace.install(null);
  }

  @Test
  @Timeout(10)
  void anInstalledTraceSeesTheLifeOfAConnectionNamedByItsAddresses() {
    List<String> trace = new ArrayList<>();
    IoTrace.install(trace::add);
    assertTrue(InstalledTrace.enabled());
    String[] names = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            Task<Integer> read = server.read(ByteBuffer.allocate(8));
            return Steps.then(client.write(Loopback.ascii("hi")), w -> Steps.then(read, n -> {
              listener.close();
              String[] result = {listener.toString(), server.toString()};
              return Steps.then(server.close(), a -> Steps.then(client.close(),
                  b -> Task.completed(result)));
            }));
          }));
    });
    String listener = names[0];
    String server = names[1];
    assertTrue(trace.get(0).startsWith("selector created"), trace.get(0));
    List<String> expected = List.of(
        "accept would block on " + listener,
        "registered " + listener + " for OP_ACCEPT",
        "woke " + listener + " with ready ops OP_ACCEPT",
        "read would block on " + server,
        "registered " + server + " for OP_READ",
        "woke " + server + " with ready ops OP_READ",
        "deregistered " + listener,
        "deregistered " + server);
    int at = 0;
    for (String line : trace) {
      if (at < expected.size() && line.equals(expected.get(at))) {
        at++;
      }
    }
    assertEquals(expected.size(), at, "in order, missing " + (at < expected.size()
        ? expected.get(at) : "nothing") + " in " + trace);
    assertTrue(server.matches("AsyncTcpStream\\[/127\\.0\\.0\\.1:\\d+ -> /127\\.0\\.0\\.1:\\d+]"),
        server);
  }

  @Test
  @Timeout(10)
  void withoutATraceNothingIsReported() {
    IoTrace.install(null);
    assertFalse(InstalledTrace.enabled());
    InstalledTrace.emit("dropped"); // no trace: a no-op
  }

  @Test
  @Timeout(10)
  void aThrowingTraceDoesNotBreakIo() {
    IllegalStateException broken = new IllegalStateException("broken trace");
    IoTrace.install(message -> {
      throw broken;
    });
    try (CapturedLog log = new CapturedLog("dev.spindle")) {
      String result = EventLoop.run(() -> {
        AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
        Task<AsyncTcpStream> accepted = listener.accept();
        return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
            client -> Steps.then(accepted, server -> {
              listener.close();
              return Steps.then(server.close(), a -> Steps.then(client.close(),
                  b -> Task.completed("connected")));
            }));
      });
      assertEquals("connected", result);
      // Each event the trace failed on is reported, with the trace's exception, and I/O went on.
      List<String> warnings = log.at(Level.WARNING);
      assertTrue(warnings.get(0).startsWith("the installed IoTrace threw on \"selector created"),
          warnings::toString);
      assertTrue(warnings.stream().anyMatch(warning -> warning.startsWith(
          "the installed IoTrace threw on \"deregistered AsyncTcpListener[")), warnings::toString);
      assertTrue(log.thrownAt(Level.WARNING).stream().allMatch(thrown -> thrown == broken));
    }
  }
}
