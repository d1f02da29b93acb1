package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.TaskScope;
import dev.spindle.io.AsyncTcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches {@code GET /} from N HTTP servers at once, as children of one {@link TaskScope} with a
 * deadline, and prints what each answered:
 *
 * <pre>
 *   java -javaagent:agent/target/spindle-agent.jar \
 *        -cp examples/target/classes:runtime/target/classes dev.spindle.examples.FanOut \
 *        [--deadline 2s] 127.0.0.1:7878 127.0.0.1:7878 ...
 * </pre>
 *
 * The scope is what makes it safe: the first fetch that fails (a refused connection, an answer
 * other than {@code 200}) cancels the others and fails the whole with that very exception; the
 * deadline cancels the scope, and so every fetch still running; and either way the scope ends
 * only once every fetch has ended, its {@code finally} run and its connection closed. Nothing
 * outlives {@link #fetchAll}.
 */
public final class FanOut {
  /** The most of one answer that is kept; a longer one fails its fetch. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private FanOut() {}

  /** What one server answered: its status code and body. */
  public record Reply(InetSocketAddress server, int status, String body) {}

  public static void main(String[] args) {
    Duration deadline = Duration.ofSeconds(2);
    List<InetSocketAddress> servers = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--deadline")) {
          if (++i == args.length) {
            throw new IllegalArgumentException("--deadline must be followed by a duration");
          }
          deadline = ServerOptions.duration(args[i], "--deadline");
        } else {
          servers.add(address(args[i]));
        }
      }
      if (servers.isEmpty()) {
        throw new IllegalArgumentException("name at least one server as host:port");
      }
    } catch (IllegalArgumentException badArguments) {
      System.err.println("FanOut: " + badArguments.getMessage()
          + "; usage: [--deadline 2s] host:port...");
      System.exit(2);
      return;
    }
    Duration within = deadline;
    long started = System.nanoTime();
    try {
      List<Reply> replies = EventLoop.run(() -> fetchAll(servers, within));
      for (Reply reply : replies) {
        System.out.println(reply.server().getHostString() + ":" + reply.server().getPort() + " "
            + reply.status() + " " + reply.body().strip());
      }
      System.out.println(replies.size() + " server(s) answered in "
          + (System.nanoTime() - started) / 1_000_000 + " ms");
    } catch (Exception failure) { // EventLoop.run rethrows checked ones too, unwrapped
      System.err.println("FanOut: " + failure);
      System.exit(1);
    }
  }

  /** {@code host:port}, as the command line names a server. */
  static InetSocketAddress address(String text) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon > 0) {
        return new InetSocketAddress(text.substring(0, colon),
            Integer.parseInt(text.substring(colon + 1)));
      }
    } catch (IllegalArgumentException notAPort) { // NumberFormatException too
      // reported below with the rule
    }
    throw new IllegalArgumentException("a server must be named host:port, with a port from 0 to"
        + " 65535: " + text);
  }

  /**
   * Every server's answer, in the order of {@code servers}; or the first fetch's failure, the
   * other fetches cancelled; or {@link java.util.concurrent.TimeoutException} once
   * {@code deadline} has passed, every fetch cancelled. Whatever the outcome, every connection
   * has been closed when the task finishes. Loop thread.
   */
  public static Task<List<Reply>> fetchAll(List<InetSocketAddress> servers, Duration deadline) {
    // The body is an async lambda: it awaits, and the agent rewrites it as an @Async method.
    // The deadline is the body's own timeout, not one around the scope: a body that fails is the
    // scope's first failure, so the scope cancels every child and fails only once they have all
    // ended (a timeout around the scope would fail at once, children still closing connections).
    return TaskScope.run(scope -> {
      List<Task<Reply>> fetches = new ArrayList<>(servers.size());
      for (InetSocketAddress server : servers) {
        fetches.add(scope.spawn(() -> fetch(server)));
      }
      List<Reply> replies = await(Task.all(fetches).orTimeout(deadline));
      return Task.completed(replies);
    });
  }

  /**
   * One {@code GET /} with {@code Connection: close}, read to the end.
   * The task fails with the {@link IOException} of a server that cannot be reached, or with
   * {@link BadAnswer} for an answer that is not a {@code 200} or is too long.
   */
  @Async
  static Task<Reply> fetch(InetSocketAddress server) {
    AsyncTcpStream stream = await(AsyncTcpStream.connect(server));
    try {
      String request = "GET / HTTP/1.1\r\nHost: " + server.getHostString() + ":"
          + server.getPort() + "\r\nConnection: close\r\n\r\n";
      await(stream.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII))));
      ByteBuffer answer = ByteBuffer.allocate(MAX_REPLY_BYTES);
      while (await(stream.read(answer)) >= 0) {
        if (!answer.hasRemaining()) {
          throw new BadAnswer(server + " answered more than " + MAX_REPLY_BYTES + " bytes;"
              + " FanOut keeps at most that much of an answer");
        }
      }
      return Task.completed(reply(server, new String(answer.array(), 0, answer.position(),
          StandardCharsets.ISO_8859_1)));
    } finally {
      await(stream.close());
    }
  }

  /** The status and body of a whole HTTP answer; fails unless it is a {@code 200}. */
  static Reply reply(InetSocketAddress server, String answer) {
    int headEnd = answer.indexOf("\r\n\r\n");
    String[] statusLine = answer.substring(0, Math.max(0, answer.indexOf("\r\n"))).split(" ");
    if (headEnd < 0 || statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      throw new BadAnswer(server + " did not answer HTTP: " + abbreviated(answer));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine[1]);
    } catch (NumberFormatException notAStatus) {
      throw new BadAnswer(server + " answered a status that is not a number: "
          + abbreviated(answer));
    }
    if (status != 200) {
      throw new BadAnswer(server + " answered " + status + ", not 200: " + abbreviated(answer));
    }
    return new Reply(server, status, answer.substring(headEnd + 4));
  }

  /** A server answered, but not what a fetch accepts. */
  public static final class BadAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadAnswer(String message) {
      super(message);
    }
  }

  private static String abbreviated(String text) {
    String line = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return "\"" + line.replace("\r", "\\r").replace("\n", "\\n") + "\"";
  }
}
