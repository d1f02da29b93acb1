package dev.spindle.bench.http;

import dev.spindle.bench.support.VirtualThreads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Anchor: the JDK 21+ answer to "straight-line code without blocking threads": one virtual
 * thread per connection doing blocking reads and writes. Run it with
 * {@code -Djdk.virtualThreadScheduler.parallelism=1} (one carrier, as Spindle has one loop).
 * Same precomputed responses and request scanner as {@link NioHelloServer}, pipelining included.
 *
 * <p>Needs JDK 21 or later at run time (compiled for 17 like the rest of the build).
 */
public final class VirtualThreadHelloServer {
  private VirtualThreadHelloServer() {}

  public static void main(String[] args) throws IOException {
    ServerArguments options = ServerArguments.parse(args, "nio");
    ServerSocketChannel listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", options.port()), 1024);
    System.out.println("VirtualThreadHelloServer listening on 127.0.0.1:" + options.port());
    while (true) {
      SocketChannel channel = listener.accept();
      VirtualThreads.start(() -> serve(channel));
    }
  }

  private static void serve(SocketChannel channel) {
    HttpRequestScanner scanner = new HttpRequestScanner();
    ByteBuffer input = ByteBuffer.allocateDirect(HttpRequestScanner.MAX_REQUEST + 8 * 1024);
    ByteBuffer output = ByteBuffer.allocateDirect(64 * 1024);
    try (channel) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      while (true) {
        if (channel.read(input) < 0) {
          return;
        }
        int limit = input.position();
        int start = 0;
        boolean close = false;
        HelloResponses.Snapshot responses = HelloResponses.now();
        while (start < limit) {
          int outcome = scanner.scan(input, start, limit);
          if (outcome == HttpRequestScanner.INCOMPLETE) {
            break;
          }
          byte[] response = outcome == HttpRequestScanner.MALFORMED
              ? HelloResponses.BAD_REQUEST : responses.responseFor(scanner);
          if (output.remaining() < response.length) {
            writeAll(channel, output);
          }
          output.put(response);
          if (outcome == HttpRequestScanner.MALFORMED || scanner.closeRequested()) {
            close = true;
            break;
          }
          start = scanner.requestEnd();
        }
        writeAll(channel, output);
        if (close) {
          return;
        }
        // keep the unfinished request at the front
        input.limit(limit).position(start);
        input.compact(); // never full: a request the scanner accepts fits with room to spare
      }
    } catch (IOException e) {
      // the client went away; the connection closes either way
    }
  }

  private static void writeAll(SocketChannel channel, ByteBuffer output) throws IOException {
    output.flip();
    while (output.hasRemaining()) {
      channel.write(output);
    }
    output.clear();
  }
}
