package dev.spindle.examples;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.IoTrace;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * A line-based TCP chat on port 7880 by default, on one event-loop thread: each line a client
 * sends reaches every other client, as {@code user7: hello}; the server's own lines start with
 * {@code * } (welcome, joined, left, errors).
 *
 * <pre>
 *   java -javaagent:agent/target/spindle-agent.jar \
 *        -cp examples/target/classes:runtime/target/classes dev.spindle.examples.ChatServer \
 *        [--port 7880] [--host 127.0.0.1] [--idle-timeout 5m] [--shutdown-timeout 10s]
 *        [--max-line 1k] [--queue 256] [--slow-grace 1s] [--trace]
 *   nc localhost 7880
 * </pre>
 *
 * Each client has an inbox, a bounded {@link dev.spindle.sync.Channel}, and a reader and a
 * writer tied in a {@link dev.spindle.TaskScope} ({@link ChatConnection}); a client whose inbox
 * stays full is disconnected, so a slow client never holds the others up for long
 * ({@link ChatRoom}). A client silent for {@code --idle-timeout}, or that sends a line longer than
 * {@code --max-line} or that is not UTF-8 text without control characters, gets a line saying so
 * and is disconnected. It prints one line when it listens, then errors only; {@code --trace}
 * prints the life of every connection. Ctrl-C or SIGTERM stops accepting, sends every client what
 * is queued for it and a farewell, and exits 0.
 */
public final class ChatServer {
  private ChatServer() {}

  public static void main(String[] args) {
    ChatOptions options;
    try {
      options = ChatOptions.parse(args);
    } catch (IllegalArgumentException badArguments) {
      System.err.println("ChatServer: " + badArguments.getMessage());
      System.exit(2);
      return;
    }
    ShutdownSignal shutdown = ShutdownSignal.install("ChatServer", options.shutdownTimeout());
    int status = 0;
    try {
      run(options, shutdown.requested(), room -> System.out.println("ChatServer listening on "
          + room.localAddress().getAddress().getHostAddress() + ":" + room.localAddress().getPort()
          + " (pid " + ProcessHandle.current().pid() + ")"));
    } catch (UncheckedIOException cannotListen) {
      System.err.println("ChatServer: cannot listen: " + cannotListen.getCause()
          + "; choose another --port (0 picks a free one)");
      status = 1;
    } catch (Throwable failure) {
      System.err.println("ChatServer: stopped by a failure: " + failure);
      failure.printStackTrace();
      status = 1;
    }
    shutdown.serverStopped(status);
  }

  /**
   * Runs the server on the calling thread, which becomes its event loop, until
   * {@code stopRequested} finishes and every client has been closed.
   *
   * @param onListening told, on the loop thread, once the server listens
   */
  static void run(ChatOptions options, Task<Void> stopRequested,
      Consumer<ChatRoom> onListening) {
    // Straight to stderr: java.util.logging is silenced in a JVM that is shutting down.
    EventLoop.setUncaughtFailureHandler((task, failure) -> {
      System.err.println("ChatServer: unexpected failure" + (task == null ? "" : " of " + task)
          + ": " + failure);
      failure.printStackTrace();
    });
    Trace trace = options.trace() ? Trace.to(System.out) : Trace.off();
    if (options.trace()) {
      IoTrace.install(trace::runtime);
    }
    EventLoop.run(() -> {
      ChatRoom room = ChatRoom.bind(options, trace);
      onListening.accept(room);
      return room.serve(stopRequested);
    });
  }
}
