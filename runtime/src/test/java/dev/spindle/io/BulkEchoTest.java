package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BulkEchoTest {
  private static final int SIZE = 16 << 20;

  @AfterEach
  void uninstallTrace() {
    IoTrace.install(null);
  }

  @Test
  @Timeout(60)
  void sixteenMebibytesEchoBothWaysAtOnceThroughPartialWrites() {
    byte[] sent = new byte[SIZE];
    new Random(42).nextBytes(sent);
    List<String> trace = new CopyOnWriteArrayList<>();
    IoTrace.install(trace::add);

    int[] writeInterestAfterWrite = {-1};
    byte[] received = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<Void> server = Steps.then(listener.accept(), conn -> Loopback.echo(conn, 64 << 10));
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()), client -> {
        // One write of 16 MiB and the reads of its echo, in flight on one stream at once.
        Task<Void> writing = Steps.then(client.write(ByteBuffer.wrap(sent)), written -> {
          writeInterestAfterWrite[0] = client.registration().interestOps();
          return client.shutdownOutput();
        });
        ByteBuffer echoed = ByteBuffer.allocate(SIZE);
        Task<Integer> reading = Loopback.readFully(client, echoed);
        return Steps.then(Task.all(writing, reading, server), all -> {
          listener.close();
          return Steps.then(client.close(), closed -> Task.completed(echoed.array()));
        });
      });
    });

    assertArrayEquals(sent, received);
    assertTrue(trace.stream().anyMatch(line -> line.startsWith("write would block on")),
        "16 MiB cannot fit a socket buffer: some write must have been partial; trace: "
            + trace.subList(0, Math.min(20, trace.size())));
    assertTrue(trace.stream().anyMatch(line -> line.contains("for OP_WRITE")), "OP_WRITE");
    assertEquals(0, writeInterestAfterWrite[0] & SelectionKey.OP_WRITE,
        "OP_WRITE must be dropped once the write has finished");
  }
}
