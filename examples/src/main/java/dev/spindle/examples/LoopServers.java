package dev.spindle.examples;

import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link HelloServer} with {@code --loops N}, N above 1: an {@link EventLoopGroup} of N loops,
 * one listener bound to the group ({@code SO_REUSEPORT} on Linux: each loop accepts its own
 * connections), and one {@link HttpServer} per loop, which serves the connections its loop
 * accepts for their whole life. Nothing is shared on the way of a request: each loop has its
 * own connections, buffers ({@code LoopLocal}) and response writer; only the connection
 * counters are common.
 *
 * <p>A stop (the signal) reaches every loop's server, each lets its own connections finish
 * within {@link ServerOptions#shutdownTimeout()}; a loop whose accepting fails stops the others
 * too. Then the group shuts down and its threads end.
 */
final class LoopServers {
  private LoopServers() {}

  /** Runs until every loop's server has stopped; the calling thread only waits. */
  static void run(ServerOptions options, ServerHooks hooks, Trace trace,
      Task<Void> stopRequested, Consumer<HttpServer> onListening) {
    EventLoopGroup group = EventLoopGroup.start(options.loops());
    try {
      InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
      AsyncTcpListener listener = AsyncTcpListener.bind(address, group);
      List<HttpServer> servers = new ArrayList<>();
      for (int i = 0; i < group.size(); i++) {
        servers.add(HttpServer.onGroupListener(options, trace, hooks, listener,
            i == 0 ? null : servers.get(0), group.size()));
      }
      Promise<Void> stopAll = new Promise<>();
      stopRequested.whenDone(signal -> stopAll.complete(null));
      List<Task<Void>> serving = group.submitToEach(
          () -> servers.get(group.indexOf(EventLoop.current())).serve(stopAll.task()));
      for (Task<Void> loopServing : serving) {
        loopServing.whenDone(done -> stopAll.complete(null)); // one loop failed: stop them all
      }
      onListening.accept(servers.get(0));
      Task.all(serving).join();
    } finally {
      // Every server has stopped, or one failed and the others are stopping: give them their
      // shutdown time, then end the loops.
      group.shutdown(options.shutdownTimeout().plusSeconds(1));
      group.close();
    }
  }
}
