package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A real {@code EMFILE}: an echo server ({@link FdLimitedEchoServer}) started in a child JVM
 * under {@code ulimit -n 64} gets three times that many connections. It must stay up, idle
 * while the limit holds (no accept busy loop), fail only the other operations that need a
 * descriptor, and serve again once the clients close.
 */
@EnabledOnOs(OS.LINUX) // bash's ulimit and /proc/PID/stat
@Timeout(120)
class FdLimitProcessTest {
  private static final int LIMIT = 64;
  /** Seconds of CPU per second of wall time the stuck server may use: far below a busy loop. */
  private static final double MOST_CORES_WHILE_STUCK = 0.2;

  @Test
  void aServerOutOfDescriptorsSurvivesIdlesAndServesAgainOnceClientsClose() throws Exception {
    List<String> java = ChildProcess.javaCommand(List.of("-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Xmx64m"), FdLimitedEchoServer.class);
    try (ChildProcess server = new ChildProcess(ChildProcess.underDescriptorLimit(LIMIT, java))) {
      String listening = server.awaitOut(0, "listening line", line -> line.startsWith(
          "listening on "));
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
          Integer.parseInt(listening.substring("listening on ".length())));

      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3 * LIMIT; i++) {
          Socket client = new Socket();
          client.setSoTimeout(20_000);
          client.connect(address, 20_000); // the kernel completes it; the backlog holds it
          clients.add(client);
        }
        String warning = server.awaitErr("exhaustion warning", line -> line.contains(
            "could not accept a connection"));
        assertFalse(warning.startsWith("dev.spindle.io "), "the report must go through"
            + " System.Logger, not its standard-error fallback: " + warning);
        // The count needs a descriptor of its own: "unknown" when none is free at that moment,
        // else the number (the JVM may have closed one of its own in between: both are right).
        assertTrue(warning.matches(".*could not accept a connection: java\\.io\\.IOException:"
            + " Too many open files \\(EMFILE: the process has opened all the file descriptors it"
            + " may; file descriptors: limit 64 \\(ulimit -n\\), open (unknown \\(listing"
            + " /proc/self/fd takes a descriptor, and none is free\\)|6[0-4])\\)\\. New"
            + " connections wait.*"), warning);
        assertEcho(clients.get(0), "served before the limit", server);

        double cores = cpuCoresOver(server, 2_000);
        assertTrue(cores < MOST_CORES_WHILE_STUCK, "the server used " + cores + " cores while"
            + " its descriptor limit held: a busy loop; " + server.transcript());

        int mark = server.outLines();
        server.send("count");
        int open = Integer.parseInt(server.awaitOut(mark, "count", line -> line.startsWith(
            "open ")).substring("open ".length()));
        assertTrue(open > 0 && open < LIMIT, "open " + open + "; " + server.transcript());

        mark = server.outLines();
        server.send("connect");
        String connect = server.awaitOut(mark, "connect outcome", line -> line.startsWith(
            "connect"));
        assertTrue(connect.matches("connect failed: java\\.net\\.SocketException: connect to"
            + " 127\\.0\\.0\\.1:[0-9]+: Too many open files"), connect + "; " + server.transcript());

        mark = server.outLines();
        server.send("lazy-file");
        String lazy = server.awaitOut(mark, "lazy-file outcome", line -> line.startsWith(
            "uncaught: ") || line.startsWith("lazy-file"));
        assertEquals("uncaught: java.lang.ExceptionInInitializerError", lazy,
            server.transcript()); // the JCE could not read its policy files
        assertEcho(clients.get(1), "served after those failures", server);
      } finally {
        for (Socket client : clients) {
          client.close();
        }
      }

      // Each close frees a descriptor and resumes accepting: the backlog drains, then this.
      try (Socket again = new Socket()) {
        again.setSoTimeout(20_000);
        again.connect(address, 20_000);
        assertEcho(again, "served once the clients closed", server);
      }
      server.awaitErr("caught-up note", line -> line.contains("has caught up after"));
      assertEquals(1, server.err().stream().filter(line -> line.contains(
          "could not accept a connection")).count(), "one warning per episode; "
          + server.transcript());
      assertTrue(server.isAlive(), server.transcript());
    }
  }

  private static void assertEcho(Socket client, String when, ChildProcess server)
      throws IOException {
    byte[] message = ("ping " + client.getLocalPort()).getBytes(StandardCharsets.US_ASCII);
    client.getOutputStream().write(message);
    byte[] reply = new byte[message.length];
    InputStream in = client.getInputStream();
    for (int at = 0; at < reply.length; ) {
      int count = in.read(reply, at, reply.length - at);
      if (count < 0) {
        throw new AssertionError("no echo " + when + ": end of stream; " + server.transcript());
      }
      at += count;
    }
    assertEquals(new String(message, StandardCharsets.US_ASCII),
        new String(reply, StandardCharsets.US_ASCII), when);
  }

  /** The child's CPU use over {@code millis} of wall time, in cores. */
  private static double cpuCoresOver(ChildProcess server, long millis)
      throws InterruptedException {
    double before = server.cpuSeconds();
    long start = System.nanoTime();
    Thread.sleep(millis); // the measuring window, not a wait for a condition
    double used = server.cpuSeconds() - before;
    return used / ((System.nanoTime() - start) / 1e9);
  }
}
