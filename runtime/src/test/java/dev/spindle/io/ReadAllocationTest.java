package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A read that finishes at once returns a shared finished task: no task and no boxed count are
 * allocated, also for counts above the JDK's {@link Integer} cache (measured on the loop thread
 * with {@code ThreadMXBean.getThreadAllocatedBytes}).
 */
class ReadAllocationTest {
  private static final int READS = 10_000;
  /** Above 127, so that boxing the count would allocate. */
  private static final int CHUNK = 200;

  @Test
  @Timeout(20)
  void readsThatFinishAtOnceAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocated = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            ByteBuffer out = ByteBuffer.allocate(CHUNK);
            ByteBuffer in = ByteBuffer.allocate(CHUNK); // filled exactly: no drained hint
            readAtOnce(client, server, out, in); // warm-up: fills the shared results
            long before = threads.getCurrentThreadAllocatedBytes();
            readAtOnce(client, server, out, in);
            return Task.completed(threads.getCurrentThreadAllocatedBytes() - before);
          }));
    });
    assertTrue(allocated < 4 << 10, // a task and an Integer per read would be 560 KB
        allocated + " bytes allocated by " + READS + " reads that finished at once");
  }

  /** Each round: the client writes CHUNK bytes, the server reads them at once (loopback). */
  private static void readAtOnce(AsyncTcpStream client, AsyncTcpStream server, ByteBuffer out,
      ByteBuffer in) {
    Task<Integer> first = null;
    for (int i = 0; i < READS; i++) {
      out.clear();
      assertTrue(client.write(out).isDone(), "a 200-byte write fits the socket buffer");
      in.clear();
      Task<Integer> read = server.read(in);
      assertTrue(read.isDone(), "loopback delivers within the write system call");
      assertEquals(CHUNK, (int) read.resultNow()); // unboxed: boxing 200 would allocate
      if (first == null) {
        first = read;
      }
      assertSame(first, read, "one shared finished task per count");
    }
  }
}
