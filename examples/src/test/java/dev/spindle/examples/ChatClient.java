package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A blocking chat client: one socket, lines in and out, as {@code nc} would be. */
final class ChatClient implements AutoCloseable {
  static final Pattern WELCOME =
      Pattern.compile("\\* welcome, you are (user\\d+); (\\d+) other\\(s\\) here");

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  /** From the welcome line, once {@link #welcome()} has read it. */
  private String name;

  ChatClient(int port) throws IOException {
    this(port, 0);
  }

  /** With a receive buffer of {@code receiveBufferBytes} (0: the system's), set to connect. */
  ChatClient(int port, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes); // before connect: it sets the TCP window
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Reads the welcome line, which the server writes once this client has joined; its name. */
  String welcome() throws IOException {
    String line = readLine();
    Matcher matcher = WELCOME.matcher(line == null ? "" : line);
    assertTrue(matcher.matches(), "the first line must be the welcome: " + line);
    name = matcher.group(1);
    return name;
  }

  String name() {
    return name;
  }

  ChatClient send(String line) throws IOException {
    return sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  ChatClient sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** The next line without its {@code \n}, or {@code null} at the end of the stream. */
  String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        if (line.size() > 0) {
          throw new CutOff("the server closed in the middle of a line: " + line);
        }
        return null;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** The next line that is not a notice ({@code * ...}) of someone joining or leaving. */
  String readChatLine() throws IOException {
    for (;;) {
      String line = readLine();
      if (line == null || !isRoomNotice(line)) {
        return line;
      }
    }
  }

  static boolean isRoomNotice(String line) {
    return line.startsWith("* ") && (line.endsWith(" joined") || line.contains(" left"));
  }

  /**
   * Every line until the server closes. A reset, or the end in the middle of a line, ends the
   * list with a line {@code <end: why>}: what a client cut off by the server reads.
   */
  List<String> readToEnd() throws IOException {
    List<String> lines = new ArrayList<>();
    try {
      for (String line; (line = readLine()) != null; ) {
        lines.add(line);
      }
    } catch (SocketException | CutOff abrupt) {
      lines.add("<end: " + abrupt.getMessage() + ">");
    }
    return lines;
  }

  /** The stream ended in the middle of a line. */
  static final class CutOff extends IOException {
    private static final long serialVersionUID = 1L;

    CutOff(String message) {
      super(message);
    }
  }

  /** Asserts that the next lines, room notices aside, are {@code expected}, then the end. */
  void assertLastLinesThenClosed(String... expected) throws IOException {
    List<String> rest = new ArrayList<>();
    for (String line : readToEnd()) {
      if (!isRoomNotice(line)) {
        rest.add(line);
      }
    }
    assertEquals(List.of(expected), rest, "what " + name + " received before the server closed");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
