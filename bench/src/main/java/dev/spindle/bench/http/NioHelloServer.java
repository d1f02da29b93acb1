package dev.spindle.bench.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The anchor Spindle's HelloServer must be measured against: what a careful engineer writes by
 * hand on one thread with {@link Selector}, no framework and no coroutine machinery.
 *
 * <ul>
 *   <li>Optimistic I/O: a new connection is read at once (the request often arrives with the
 *       connection), and readiness is awaited only when a read or write would block.
 *   <li>Responses are precomputed bytes (once a second, for the date), copied into one shared
 *       direct output buffer; a
 *       connection owns heap buffers only while it has a partial request or unsent output.
 *   <li>Pipelining-safe: every complete request in a read is answered, in order, in one write.
 *   <li>{@link Selector#select(java.util.function.Consumer)}: no selected-key set garbage.
 * </ul>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.spindle.bench.http.NioHelloServer --port N}
 */
public final class NioHelloServer {
  /** Holds any request the scanner accepts, so a carried partial request always fits. */
  private static final int INPUT_CAPACITY = 32 * 1024;
  /** Room for the responses to a full input buffer of minimal pipelined requests. */
  private static final int OUTPUT_CAPACITY = 256 * 1024;

  private final Selector selector;
  private final ServerSocketChannel listener;
  /** Loop thread only, like everything here. */
  private final ByteBuffer input = ByteBuffer.allocateDirect(INPUT_CAPACITY);
  private final ByteBuffer output = ByteBuffer.allocateDirect(OUTPUT_CAPACITY);
  private final HttpRequestScanner scanner = new HttpRequestScanner();
  private volatile boolean running = true;

  static {
    if (INPUT_CAPACITY < HttpRequestScanner.MAX_REQUEST) {
      throw new AssertionError("NioHelloServer's input buffer must hold the largest request");
    }
  }

  NioHelloServer(int port) throws IOException {
    selector = Selector.open();
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress("127.0.0.1", port), 1024);
    listener.configureBlocking(false);
    listener.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws IOException {
    ServerArguments options = ServerArguments.parse(args, "nio");
    NioHelloServer server = new NioHelloServer(options.port());
    System.out.println("NioHelloServer listening on 127.0.0.1:" + options.port());
    server.run();
  }

  /** Serves until {@link #stop()}, then closes every connection and the listener. */
  void run() throws IOException {
    try {
      while (running) {
        selector.select(this::onReady);
      }
    } finally {
      for (SelectionKey key : selector.keys()) {
        closeQuietly(key);
      }
      selector.close();
    }
  }

  /** Makes {@link #run()} return; any thread. */
  void stop() {
    running = false;
    selector.wakeup();
  }

  int localPort() throws IOException {
    return ((InetSocketAddress) listener.getLocalAddress()).getPort();
  }

  private void onReady(SelectionKey key) {
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isAcceptable()) {
        acceptAll();
      } else {
        Connection connection = (Connection) key.attachment();
        if (key.isWritable()) {
          connection.flushUnsent();
        }
        if (key.isValid() && key.isReadable()) {
          connection.readAndAnswer();
        }
      }
    } catch (IOException e) {
      closeQuietly(key);
    }
  }

  private void acceptAll() throws IOException {
    SocketChannel channel;
    while ((channel = listener.accept()) != null) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel);
      connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
      try {
        connection.readAndAnswer(); // optimistic: the request may already be here
      } catch (IOException e) {
        closeQuietly(connection.key);
      }
    }
  }

  private static void closeQuietly(SelectionKey key) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // the peer is gone either way
    }
  }

  /** One client connection; its buffers exist only while something is left over. */
  private final class Connection {
    final SocketChannel channel;
    SelectionKey key;
    /** Bytes of a request not yet complete, or null. */
    ByteBuffer carried;
    /** Response bytes the socket did not take yet (read mode), or null. */
    ByteBuffer unsent;
    boolean closeWhenFlushed;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void readAndAnswer() throws IOException {
      while (true) {
        input.clear();
        if (carried != null) {
          input.put(carried);
          carried = null;
        }
        int read = channel.read(input);
        if (read < 0) {
          closeQuietly(key);
          return;
        }
        if (input.position() == 0) {
          return; // would block: wait for readiness
        }
        boolean filled = !input.hasRemaining();
        if (!answerAll() || !filled) {
          return; // stopped (close or back-pressure), or the socket is drained for now
        }
      }
    }

    /** Answers every complete request in {@code input}; false if the connection stops reading. */
    private boolean answerAll() throws IOException {
      int limit = input.position();
      int start = 0;
      output.clear();
      HelloResponses.Snapshot responses = HelloResponses.now();
      while (start < limit) {
        int outcome = scanner.scan(input, start, limit);
        if (outcome == HttpRequestScanner.INCOMPLETE) {
          break;
        }
        byte[] response = outcome == HttpRequestScanner.MALFORMED
            ? HelloResponses.BAD_REQUEST : responses.responseFor(scanner);
        if (output.remaining() < response.length && !writeOutput()) {
          carried = copy(input, start, limit); // the socket is full: answer the rest later
          return false;
        }
        output.put(response);
        if (outcome == HttpRequestScanner.MALFORMED || scanner.closeRequested()) {
          closeWhenFlushed = true; // whatever follows a closing request is ignored
          if (writeOutput()) {
            closeQuietly(key);
          }
          return false;
        }
        start = scanner.requestEnd();
      }
      if (start < limit) {
        carried = copy(input, start, limit);
      }
      return writeOutput();
    }

    /** Writes {@code output}; true if all of it went, else keeps the rest and awaits writability. */
    private boolean writeOutput() throws IOException {
      output.flip();
      if (output.hasRemaining()) {
        channel.write(output);
      }
      if (output.hasRemaining()) {
        unsent = copy(output, output.position(), output.limit());
        key.interestOps(SelectionKey.OP_WRITE);
        output.clear();
        return false;
      }
      output.clear();
      return true;
    }

    void flushUnsent() throws IOException {
      channel.write(unsent);
      if (unsent.hasRemaining()) {
        return;
      }
      unsent = null;
      if (closeWhenFlushed) {
        closeQuietly(key);
        return;
      }
      key.interestOps(SelectionKey.OP_READ);
      readAndAnswer(); // requests may have been carried while the socket was full
    }
  }

  private static ByteBuffer copy(ByteBuffer source, int from, int to) {
    ByteBuffer copy = ByteBuffer.allocate(to - from);
    copy.put(source.duplicate().limit(to).position(from));
    return copy.flip();
  }
}
