package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One event loop holds {@code spindle.idleConnections} (50,000 by default) idle keep-alive
 * connections at once, each after a first request, then serves a second request on each of
 * them. Server and clients ({@link IdleClients}) are child JVMs started through
 * {@code bash -c 'ulimit -n N; exec java ...'}, since one descriptor per connection on each side
 * is far above the usual limit of 1024. Where the hard limit is lower (a container without
 * CAP_SYS_RESOURCE, as on our 2-core CI and build machines, whose hard limit is 20,000), the
 * default run holds as many as that limit allows, at least {@link #FEWEST}, and says so; a count
 * asked for with the property is held exactly, or the test is skipped naming the limit.
 */
class ManyIdleConnectionsIT {
  static final String COUNT_PROPERTY = "spindle.idleConnections";
  static final int WANTED = 50_000;
  /** Below this a run shows nothing the ordinary keep-alive tests do not. */
  static final int FEWEST = 10_000;
  /** Descriptors beyond the connections: the JVM's own jars, the selector, the listener. */
  static final int SPARE_DESCRIPTORS = 1000;

  @Test
  @Timeout(180)
  void oneLoopHoldsManyIdleConnectionsThenServesARequestOnEach() throws Exception {
    Integer asked = Integer.getInteger(COUNT_PROPERTY);
    int count = asked != null ? asked : WANTED;
    if (asked == null && run("ulimit -n " + (count + SPARE_DESCRIPTORS)) != 0) {
      String hard = hardLimit();
      int allowed = hard.matches("\\d+") ? Integer.parseInt(hard) - SPARE_DESCRIPTORS : 0;
      Assumptions.assumeTrue(allowed >= FEWEST, "ManyIdleConnectionsIT needs a descriptor limit"
          + " of at least " + (FEWEST + SPARE_DESCRIPTORS) + ", but this machine's hard limit is "
          + hard + " and cannot be raised here: skipped");
      System.out.println("ManyIdleConnectionsIT: the hard descriptor limit is " + hard + " and"
          + " cannot be raised here, so this run holds " + allowed + " idle connections instead"
          + " of " + WANTED);
      count = allowed;
    }
    int limit = count + SPARE_DESCRIPTORS;
    Assumptions.assumeTrue(run("ulimit -n " + limit) == 0, "ManyIdleConnectionsIT needs"
        + " 'ulimit -n " + limit + "' for " + count + " connections, but this machine's hard"
        + " limit is " + hardLimit() + " and cannot be raised here: skipped. Run it with"
        + " -D" + COUNT_PROPERTY + "=N, N at most the hard limit minus " + SPARE_DESCRIPTORS);
    Assumptions.assumeTrue(canBind("127.0.0." + (1 + IdleClients.SOURCES)), "ManyIdleConnectionsIT"
        + " binds clients to 127.0.0.2-127.0.0." + (1 + IdleClients.SOURCES) + " so that ephemeral"
        + " ports do not run out, but this machine's loopback has only 127.0.0.1 (macOS):"
        + " skipped");
    try (ServerProcess server = ServerProcess.runnableJarUnderDescriptorLimit(limit,
        "--loops", "1", "--max-connections", Integer.toString(count), "--idle-timeout", "10m")) {
      Path testClasses = Path.of(IdleClients.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI());
      Process clients = new ProcessBuilder(List.of("bash", "-c",
          "ulimit -n " + limit + " && exec \"$0\" \"$@\"", ServerProcess.java(), "-Xmx256m",
          "-cp", testClasses.toString(), IdleClients.class.getName(),
          "--port", Integer.toString(server.port()), "--count", Integer.toString(count),
          "--second-request"))
          .redirectErrorStream(true).start();
      boolean ended = clients.waitFor(150, TimeUnit.SECONDS);
      if (!ended) {
        clients.destroyForcibly();
      }
      String output = new String(clients.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(ended, "IdleClients did not finish within 150 s:\n" + output);
      assertEquals(0, clients.exitValue(), "IdleClients failed:\n" + output
          + "\nserver's standard error:\n" + server.errors());
      assertTrue(output.contains("IdleClients: served a second request on each of " + count
          + " connections"), output);
      System.out.println("ManyIdleConnectionsIT: " + output.strip().replace('\n', ';'));
      assertTrue(server.process.isAlive(), "the server must still run after serving them all");
    }
  }

  private static boolean canBind(String address) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.bind(new java.net.InetSocketAddress(address, 0));
      return true;
    } catch (IOException notLocal) {
      return false;
    }
  }

  private static int run(String shell) throws IOException, InterruptedException {
    return new ProcessBuilder("bash", "-c", shell).redirectErrorStream(true).start().waitFor();
  }

  private static String hardLimit() throws IOException {
    Process process = new ProcessBuilder("bash", "-c", "ulimit -Hn").start();
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }
}
