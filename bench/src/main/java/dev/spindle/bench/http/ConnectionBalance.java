package dev.spindle.bench.http;

import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How evenly {@code AsyncTcpListener.bind(address, group)} spreads connections over the loops:
 * opens {@code --connections} (10,000) connections to 127.0.0.1, one after another from one
 * client, each from a new ephemeral port, and prints how many each loop accepted, with max/min.
 * With {@code SO_REUSEPORT} (Linux, the default) the kernel picks a loop by a hash of the
 * connection's addresses and ports; with {@code -Dspindle.reusePort=false} one acceptor hands
 * them out round robin (exactly even).
 *
 * <pre>
 *   java -cp bench/target/benchmarks.jar dev.spindle.bench.http.ConnectionBalance --loops 4
 * </pre>
 */
public final class ConnectionBalance {
  private ConnectionBalance() {}

  public static void main(String[] args) throws Exception {
    int loops = 2;
    int connections = 10_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--loops" -> loops = Integer.parseInt(args[i + 1]);
        case "--connections" -> connections = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("usage: [--loops N] [--connections N]");
      }
    }
    AtomicIntegerArray perLoop = new AtomicIntegerArray(loops);
    AtomicInteger total = new AtomicInteger();
    try (EventLoopGroup group = EventLoopGroup.start(loops)) {
      AsyncTcpListener listener = AsyncTcpListener.bind(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), group);
      group.submitToEach(() -> {
        int index = group.indexOf(dev.spindle.EventLoop.current());
        acceptAll(listener.incoming(), index, perLoop, total);
        return Task.completed();
      });
      int port = ((InetSocketAddress) listener.localAddress()).getPort();
      for (int n = 0; n < connections; n++) {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
          client.setSoLinger(true, 0); // reset, no TIME_WAIT: 10,000 ports stay free
        }
      }
      while (total.get() < connections) {
        Thread.onSpinWait(); // the accepts of the last connects are still on their way
      }
      listener.close();
    }
    int[] counts = new int[loops];
    for (int i = 0; i < loops; i++) {
      counts[i] = perLoop.get(i);
    }
    int max = Arrays.stream(counts).max().orElse(0);
    int min = Arrays.stream(counts).min().orElse(0);
    System.out.printf("ConnectionBalance: %d connections over %d loops (%s): per loop %s;"
        + " max/min %s%n", connections, loops,
        Boolean.parseBoolean(System.getProperty("spindle.reusePort", "true"))
            ? "SO_REUSEPORT where Linux has it" : "one acceptor, round robin",
        Arrays.toString(counts), min == 0 ? "inf" : String.format("%.3f", (double) max / min));
  }

  /** Accepts and closes until the listener closes, counting on the loop's own counter. */
  private static void acceptAll(AsyncIterator<AsyncTcpStream> incoming, int index,
      AtomicIntegerArray perLoop, AtomicInteger total) {
    while (true) {
      Task<AsyncTcpStream> next = incoming.next();
      if (!next.isDone()) {
        next.whenDone(done -> {
          if (count(next.resultNow(), index, perLoop, total)) {
            acceptAll(incoming, index, perLoop, total);
          }
        });
        return;
      }
      if (!count(next.resultNow(), index, perLoop, total)) {
        return;
      }
    }
  }

  private static boolean count(AsyncTcpStream stream, int index, AtomicIntegerArray perLoop,
      AtomicInteger total) {
    if (stream == null) {
      return false;
    }
    perLoop.incrementAndGet(index);
    total.incrementAndGet();
    stream.close();
    return true;
  }
}
