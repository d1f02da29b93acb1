package dev.spindle.io;

import dev.spindle.Task;
import java.net.SocketAddress;

/**
 * How a listener bound to an {@code EventLoopGroup} gives each loop its own connections: one
 * socket per loop ({@link ReusePortSpread}) or one acceptor handing them out
 * ({@link HandoffSpread}).
 */
interface LoopSpread {
  /** The calling loop's next connection; see {@link AsyncTcpListener#accept(boolean)}. */
  Task<AsyncTcpStream> accept(boolean nullWhenClosed);

  /** The address bound, with the actual port. */
  SocketAddress localAddress();

  /** Stops listening on every loop; any thread. */
  void close();
}
