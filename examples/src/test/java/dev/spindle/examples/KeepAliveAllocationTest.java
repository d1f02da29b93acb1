package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes the server's loop thread allocates per request on a kept-alive connection, measured by
 * the JVM ({@code ThreadMXBean.getThreadAllocatedBytes}) after a warm-up. The HTTP layer reuses
 * its buffers and request object, so pipelined requests cost nothing; a request that has to
 * wait for its bytes costs only the read's task (40 bytes): the connection suspends in one frame
 * made once per connection, and the idle timeout is one timer per connection
 * ({@code AsyncTcpStream.setReadTimeout}), not one per read. Before those two changes a waiting
 * request cost 370 bytes.
 */
@Timeout(60)
class KeepAliveAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static InProcessServer server;
  private static RawClient client;

  @BeforeAll
  static void startAndWarmUp() throws Exception {
    Assumptions.assumeFalse(Boolean.getBoolean("spindle.alwaysSuspend"),
        "with -Dspindle.alwaysSuspend=true every await suspends and allocates a frame by design");
    server = InProcessServer.start();
    client = new RawClient(server.port());
    for (int i = 0; i < 50; i++) {
      sendPipelined(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      client.close();
      server.close();
    }
  }

  private static void sendPipelined(int count) throws IOException {
    client.send(RawClient.get("/").repeat(count));
    for (int i = 0; i < count; i++) {
      assertEquals("Hello, world!", client.readFullResponse().body());
    }
  }

  private static long loopAllocatedBytes() {
    long bytes = THREADS.getThreadAllocatedBytes(server.loopThread().getId());
    assertTrue(bytes > 0, "this JVM must measure allocation per thread: " + bytes);
    return bytes;
  }

  @Test
  void pipelinedRequestsAllocateNothingOnTheLoopThread() throws IOException {
    long before = loopAllocatedBytes();
    for (int i = 0; i < 50; i++) {
      sendPipelined(100);
    }
    long perRequest = (loopAllocatedBytes() - before) / 5000;
    assertTrue(perRequest < 8, perRequest + " bytes per pipelined request"); // 0 measured
  }

  @Test
  void aRequestThatWaitsForItsBytesAllocatesOnlyItsReadTask() throws IOException {
    for (int i = 0; i < 3000; i++) {
      sendPipelined(1);
    }
    long before = loopAllocatedBytes();
    for (int i = 0; i < 3000; i++) {
      sendPipelined(1);
    }
    long perRequest = (loopAllocatedBytes() - before) / 3000;
    assertTrue(perRequest < 64, perRequest + " bytes per request"); // 40 measured
  }
}
