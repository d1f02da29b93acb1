package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * After a read that returned fewer bytes than it had room for, the socket is drained: the next
 * read waits for readiness without a read system call (Linux counts them per thread in
 * {@code /proc/thread-self/io}), and still gets the bytes that arrive later.
 */
class ReadinessHintTest {
  private static final Path THREAD_IO = Path.of("/proc/thread-self/io");

  @Test
  @Timeout(10)
  void aReadAfterAShortReadWaitsForReadinessWithoutAReadSystemCall() {
    Assumptions.assumeTrue(Files.isReadable(THREAD_IO), "needs Linux's per-thread I/O counters");
    String seen = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            // Twice: the first round loads the classes involved (class loading reads files).
            return Steps.then(shortReadThenWait(server, client),
                warmUp -> shortReadThenWait(server, client));
          }));
    });
    assertEquals("0 read system calls, then 'b'", seen);
  }

  /** "abc" arrives into room for 16 (a short read); then a read of the drained socket. */
  private static Task<String> shortReadThenWait(AsyncTcpStream server, AsyncTcpStream client) {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    return Steps.then(client.write(Loopback.ascii("abc")), written -> Steps.then(
        readUntil(server, buffer, 3), three -> {
          buffer.clear();
          long calibration = readCalls() - readCalls(); // minus what reading the counter costs
          long before = readCalls();
          Task<Integer> read = server.read(buffer);
          long calls = readCalls() - before + calibration;
          assertFalse(read.isDone(), "nothing was sent after abc");
          return Steps.then(client.write(Loopback.ascii("b")), again -> Steps.then(read,
              count -> Task.completed(calls + " read system calls, then '"
                  + Loopback.ascii(buffer, count) + "'")));
        }));
  }

  private static Task<Void> readUntil(AsyncTcpStream stream, ByteBuffer buffer, int bytes) {
    return Steps.repeat(() -> buffer.position() >= bytes ? Task.completed(false)
        : Steps.then(stream.read(buffer), count -> Task.completed(count > 0)));
  }

  private static long readCalls() {
    try {
      for (String line : Files.readAllLines(THREAD_IO)) {
        if (line.startsWith("syscr:")) {
          return Long.parseLong(line.substring("syscr:".length()).trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("no syscr line in " + THREAD_IO);
  }
}
