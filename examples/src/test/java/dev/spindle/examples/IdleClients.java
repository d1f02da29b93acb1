package dev.spindle.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Many keep-alive clients of a Hello server in one process, for {@code ManyIdleConnectionsIT}
 * and {@code bench/idle.sh}: opens {@code --count} connections to 127.0.0.1, bound to several
 * 127.0.0.x source addresses so that ephemeral ports do not run out, makes one {@code GET /}
 * on each, and keeps them all open. Then, with {@code --second-request}, asks once more on every
 * connection and exits; without, prints {@code holding} and keeps them until killed.
 *
 * <pre>
 *   java -cp examples/target/test-classes dev.spindle.examples.IdleClients --port 7878 \
 *        --count 10000 [--second-request]
 * </pre>
 *
 * <p>One thread and one selector, with at most {@value #IN_FLIGHT} requests unanswered at once,
 * so the server's accept backlog (1024 for every server compared) never overflows. Fails (exit
 * 1, the reason on standard error) if a connection fails or nothing moves for
 * {@value #STALL_MILLIS} ms. Needs a descriptor limit above the count ({@code ulimit -n}).
 */
public final class IdleClients {
  static final int IN_FLIGHT = 256;
  static final int SOURCES = 8;
  static final long STALL_MILLIS = 20_000;
  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  /** Every server compared answers exactly this body, last in its response. */
  private static final byte[] BODY = "Hello, world!".getBytes(StandardCharsets.US_ASCII);

  /** One connection: how much of {@link #BODY} its current answer has shown so far. */
  private static final class Client {
    final SocketChannel channel;
    int matched;

    Client(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private final Selector selector = Selector.open();
  private final InetSocketAddress server;
  private final ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
  private final ByteBuffer request = ByteBuffer.allocateDirect(REQUEST.length);
  private final List<Client> clients = new ArrayList<>();
  private int unanswered;

  private IdleClients(int port) throws IOException {
    server = new InetSocketAddress("127.0.0.1", port);
    request.put(REQUEST).flip();
  }

  public static void main(String[] args) throws Exception {
    int port = -1;
    int count = -1;
    boolean second = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--second-request" -> second = true;
        default -> throw new IllegalArgumentException("IdleClients: unknown argument " + args[i]
            + ": usage: --port N --count N [--second-request]");
      }
    }
    if (port < 0 || count < 1) {
      throw new IllegalArgumentException("IdleClients needs --port N and --count N (N >= 1)");
    }
    IdleClients run = new IdleClients(port);
    try {
      long start = System.nanoTime();
      run.openAndAskOnce(count);
      System.out.println("IdleClients: open " + count + " connections after one request each"
          + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
      if (second) {
        start = System.nanoTime();
        run.askEachAgain();
        System.out.println("IdleClients: served a second request on each of " + count
            + " connections in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        System.exit(0);
      }
      System.out.println("IdleClients: holding " + count + " connections");
      Thread.sleep(Long.MAX_VALUE); // until killed: the connections are what is measured
    } catch (IOException | IllegalStateException failure) {
      System.err.println("IdleClients: " + failure);
      System.exit(1);
    }
  }

  private void openAndAskOnce(int count) throws IOException {
    int opened = 0;
    while (opened < count || unanswered > 0) {
      while (opened < count && unanswered < IN_FLIGHT) {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        // 127.0.0.2 .. 127.0.0.9: each source address has its own ephemeral ports
        channel.bind(new InetSocketAddress("127.0.0." + (2 + opened % SOURCES), 0));
        Client client = new Client(channel);
        clients.add(client);
        channel.connect(server);
        channel.register(selector, SelectionKey.OP_CONNECT, client);
        opened++;
        unanswered++;
      }
      poll(opened + " of " + count + " opened");
    }
  }

  private void askEachAgain() throws IOException {
    ArrayDeque<Client> waiting = new ArrayDeque<>(clients);
    while (!waiting.isEmpty() || unanswered > 0) {
      while (!waiting.isEmpty() && unanswered < IN_FLIGHT) {
        Client client = waiting.poll();
        client.matched = 0;
        send(client);
        client.channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
        unanswered++;
      }
      poll((clients.size() - waiting.size()) + " of " + clients.size() + " asked again");
    }
  }

  private void poll(String progress) throws IOException {
    if (selector.select(key -> handle(key), STALL_MILLIS) == 0 && unanswered > 0) {
      throw new IllegalStateException("no progress for " + STALL_MILLIS + " ms with "
          + unanswered + " requests unanswered (" + progress + ")");
    }
  }

  private void handle(SelectionKey key) {
    Client client = (Client) key.attachment();
    try {
      if (key.isConnectable()) {
        client.channel.finishConnect();
        send(client);
        key.interestOps(SelectionKey.OP_READ);
        return;
      }
      scratch.clear();
      int count = client.channel.read(scratch);
      if (count < 0) {
        throw new IOException("the server closed " + client.channel + " before answering");
      }
      for (int i = 0; i < count; i++) {
        byte b = scratch.get(i);
        client.matched = b == BODY[client.matched] ? client.matched + 1 : (b == BODY[0] ? 1 : 0);
        if (client.matched == BODY.length) {
          client.matched = 0;
          unanswered--;
          key.interestOps(0); // answered: the connection stays open, idle
        }
      }
    } catch (IOException failure) {
      throw new IllegalStateException("connection " + clients.indexOf(client) + " failed: "
          + failure, failure);
    }
  }

  private void send(Client client) throws IOException {
    request.rewind();
    if (client.channel.write(request) != REQUEST.length) {
      throw new IOException("a " + REQUEST.length + "-byte request did not fit an empty socket"
          + " buffer");
    }
  }
}
