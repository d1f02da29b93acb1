package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample server as a user runs it: {@code java -cp <classes and runtime> sample.HelloServer},
 * no -javaagent and no agent jar anywhere, then an HTTP GET over a real socket, as curl sends it.
 */
class HelloServerProcessTest {
  @Test
  @Timeout(120)
  void theWovenServerAnswersAGetWithNoAgent() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    assertFalse(classPath.contains("spindle-agent"), classPath);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", classPath, "sample.HelloServer", "0");
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader output = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = output.readLine();
      assertTrue(first != null && first.startsWith("listening on "), "server said: " + first);
      int port = Integer.parseInt(first.substring("listening on ".length()).trim());
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUser-Agent: curl/8.5.0\r\n"
            + "Accept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = new String(socket.getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\n" + HelloServer.BODY), response);
      }
    } finally {
      server.destroy();
      server.waitFor();
    }
  }
}
