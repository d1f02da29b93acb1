package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A blocking socket that speaks HTTP/1.1 by hand, to send what a good client never would. */
final class RawClient implements AutoCloseable {
  /** Far above any timeout a test configures; a read that waits this long fails the test. */
  static final int READ_TIMEOUT_MILLIS = 15_000;

  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawClient send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawClient send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** One response: status line, headers (names lower-cased), body by Content-Length. */
  Response readResponse() throws IOException {
    String statusLine = readLine();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; !(line = readLine()).isEmpty(); ) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return new Response(statusLine, headers, null, this);
  }

  /** A response to a request that was not HEAD: reads its body too, by length or chunked. */
  Response readFullResponse() throws IOException {
    Response head = readResponse();
    if ("chunked".equals(head.header("Transfer-Encoding"))) {
      return new Response(head.statusLine(), head.headers(), readChunkedBody(), this);
    }
    int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
    return new Response(head.statusLine(), head.headers(),
        new String(in.readNBytes(length), StandardCharsets.ISO_8859_1), this);
  }

  /** A chunked body, its chunks joined; a server's chunks carry no extension or trailer. */
  private String readChunkedBody() throws IOException {
    StringBuilder body = new StringBuilder();
    for (int size; (size = Integer.parseInt(readLine(), 16)) > 0; ) {
      body.append(readBytes(size));
      assertEquals("", readLine(), "CRLF after a chunk's data");
    }
    assertEquals("", readLine(), "the empty line after the last chunk");
    return body.toString();
  }

  /** Exactly {@code count} bytes, as text. */
  String readBytes(int count) throws IOException {
    return new String(in.readNBytes(count), StandardCharsets.ISO_8859_1);
  }

  /** Reads until the server closes; the bytes before the end. */
  String readToEnd() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** Asserts the server has closed its side and sent nothing more. */
  void assertClosedByServer() throws IOException {
    assertEquals("", readToEnd(), "bytes after the last response");
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("the server closed before the end of a line: " + line);
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(String statusLine, Map<String, String> headers, String body, RawClient client) {
    int status() {
      return Integer.parseInt(statusLine.split(" ")[1]);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code request} on a new connection to {@code port} and expects it refused: answered
   * {@code status} with {@code Connection: close}, then closed by the server. The answer.
   */
  static Response refused(int port, String request, int status) throws IOException {
    try (RawClient client = new RawClient(port)) {
      Response response = client.send(request).readFullResponse();
      assertEquals(status, response.status(), response.toString());
      assertEquals("close", response.header("Connection"));
      client.assertClosedByServer();
      return response;
    }
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }
}
