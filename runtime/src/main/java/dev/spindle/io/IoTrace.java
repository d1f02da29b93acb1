package dev.spindle.io;

import dev.spindle.loop.InstalledTrace;

/**
 * A line-per-event trace of the reactor, for {@code --trace} in the example server: selector
 * created, accept / read / write would block, registered for {@code OP_x}, woke with ready ops,
 * deregistered. Each message names the channel by its addresses. Off by default; when no trace
 * is installed the runtime pays one null check per event site and builds no message.
 *
 * <p>Like a {@link java.util.logging.Handler} for one logger, without levels: install one, and
 * every event loop in the JVM reports to it, on its loop thread. A trace must be quick and must
 * not throw (an exception is logged and the event dropped).
 */
@FunctionalInterface
public interface IoTrace {
  /** One event, already formatted, e.g. {@code "registered /127.0.0.1:7878 for OP_ACCEPT"}. */
  void event(String message);

  /** Installs {@code trace} for every loop; {@code null} uninstalls. Any thread. */
  static void install(IoTrace trace) {
    InstalledTrace.install(trace == null ? null : trace::event);
  }
}
