package dev.spindle.examples;

import static dev.spindle.examples.RawClient.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * HelloServer run from its jar under {@code ulimit -n 64} gets three times that many
 * connections. Before issue #17 its accept loop died of {@code EMFILE} and main exited with
 * "stopped by a failure"; now it must stay up, idle while the limit holds, keep answering the
 * connections it has, and answer new ones once the clients close.
 */
@EnabledOnOs(OS.LINUX) // bash's ulimit and /proc/PID/stat
@Timeout(120)
class HelloServerFdLimitIT {
  private static final int LIMIT = 64;
  /** Seconds of CPU per second of wall time the stuck server may use: far below a busy loop. */
  private static final double MOST_CORES_WHILE_STUCK = 0.2;
  /** USER_HZ: the clock ticks per second of /proc/PID/stat on every Linux ABI. */
  private static final int TICKS_PER_SECOND = 100;

  @Test
  void outOfDescriptorsTheServerStaysUpIdlesAndAnswersAgainOnceClientsClose() throws Exception {
    // An idle timeout longer than the test: only the clients' closes free descriptors.
    try (ServerProcess server = ServerProcess.runnableJarUnderDescriptorLimit(LIMIT,
        "--idle-timeout", "10m", "--loops", "1")) {
      List<RawClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3 * LIMIT; i++) {
          clients.add(new RawClient(server.port())); // the backlog holds what is not accepted
        }
        String warning = awaitError(server, "the exhaustion warning",
            line -> line.contains("could not accept a connection"));
        assertFalse(warning.startsWith("dev.spindle.io "), "the report must go through"
            + " System.Logger, not its standard-error fallback: " + warning);
        assertTrue(warning.contains("could not accept a connection: java.io.IOException: Too"
            + " many open files (EMFILE: "), warning);
        assertEquals("Hello, world!", clients.get(0).send(get("/")).readFullResponse().body());

        double cores = cpuCoresOver(server, 2_000);
        assertTrue(cores < MOST_CORES_WHILE_STUCK, "HelloServer used " + cores + " cores while"
            + " its descriptor limit held: a busy loop; stderr:\n" + server.errors());
        assertEquals("Hello, world!", clients.get(1).send(get("/")).readFullResponse().body());
      } finally {
        for (RawClient client : clients) {
          client.close();
        }
      }

      // Each close frees a descriptor and resumes accepting: the backlog drains, then this.
      try (RawClient again = new RawClient(server.port())) {
        assertEquals("Hello, world!", again.send(get("/")).readFullResponse().body());
      }
      awaitError(server, "the caught-up note", line -> line.contains("has caught up after"));
      assertTrue(server.process.isAlive(), server.errors());
      assertFalse(server.errors().contains("stopped by a failure"), server.errors());
      assertEquals(1, server.errors().lines().filter(line -> line.contains(
          "could not accept a connection")).count(), "one warning per episode:\n"
          + server.errors());
    }
  }

  /** The first line of the server's standard error that matches, waiting 30 s at most. */
  private static String awaitError(ServerProcess server, String what, Predicate<String> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (;;) {
      String found = server.errors().lines().filter(wanted).findFirst().orElse(null);
      if (found != null) {
        return found;
      }
      if (System.nanoTime() > deadline || !server.process.isAlive()) {
        throw new AssertionError("HelloServer printed no " + what + " within 30 s"
            + (server.process.isAlive() ? "" : " (it exited)") + "; stderr:\n"
            + server.errors());
      }
      Thread.sleep(5); // polling with a deadline: the line comes from another process
    }
  }

  /** The server's CPU use (user and system) over {@code millis} of wall time, in cores. */
  private static double cpuCoresOver(ServerProcess server, long millis) throws Exception {
    Path stat = Path.of("/proc/" + server.process.pid() + "/stat");
    long before = ticks(Files.readString(stat));
    long start = System.nanoTime();
    Thread.sleep(millis); // the measuring window, not a wait for a condition
    long used = ticks(Files.readString(stat)) - before;
    return (double) used / TICKS_PER_SECOND / ((System.nanoTime() - start) / 1e9);
  }

  /** utime + stime, fields 14 and 15 of /proc/PID/stat (counted after the command's parens). */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
