package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EchoServer with {@code --loops 2} as its own JVM: echoes on both loops, SIGTERM exits 0. */
@Timeout(60)
class EchoServerLoopsIT {
  private static final Pattern STARTUP =
      Pattern.compile("EchoServer listening on /127\\.0\\.0\\.1:(\\d+) \\(pid (\\d+), 2 loops\\)");

  @Test
  void twoLoopsEchoAndStopOnSigterm() throws Exception {
    String classpath = ServerProcess.path("spindle.examples.classes") + java.io.File.pathSeparator
        + ServerProcess.path("spindle.runtime.classes");
    Process process = new ProcessBuilder(ServerProcess.java(),
        "-javaagent:" + ServerProcess.path("spindle.agent.jar"), "-Dspindle.strict=true",
        "-cp", classpath, EchoServer.class.getName(), "--port", "0", "--loops", "2")
        .redirectErrorStream(true).start();
    try (BufferedReader output = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String startup = output.readLine();
      Matcher matcher = STARTUP.matcher(String.valueOf(startup));
      assertTrue(matcher.matches(), "startup line: " + startup);
      assertEquals(process.pid(), Long.parseLong(matcher.group(2)));
      int port = Integer.parseInt(matcher.group(1));
      for (int i = 0; i < 20; i++) {
        try (Socket client = new Socket("127.0.0.1", port)) {
          client.setSoTimeout(10_000);
          String text = "echo " + i;
          client.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
          client.shutdownOutput();
          assertEquals(text, new String(client.getInputStream().readAllBytes(),
              StandardCharsets.US_ASCII));
        }
      }
      process.toHandle().destroy(); // SIGTERM
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "EchoServer did not stop on SIGTERM");
      assertEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }
}
