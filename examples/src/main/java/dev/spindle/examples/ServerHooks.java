package dev.spindle.examples;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What code that embeds {@link HttpServer} adds to HelloServer's answers: {@link Handler}s for
 * paths of its own, and where connection failures are reported. HelloServer itself has no extra
 * path and reports to standard error; tests install handlers that fail in every way a handler
 * can, and collect the reports.
 *
 * @param handlers  handlers by exact path (the target without its query); they take precedence
 *                  over the built-in routes
 * @param failures  told of each connection a failure ended, on the loop thread; it must not
 *                  block
 */
public record ServerHooks(Map<String, Handler> handlers, Consumer<HandlerFailure> failures) {
  public ServerHooks {
    handlers = Map.copyOf(handlers);
  }

  /** HelloServer's own: no extra path; failures to standard error, with their stack traces. */
  public static ServerHooks standard() {
    return new ServerHooks(Map.of(), ServerHooks::printToStandardError);
  }

  private static void printToStandardError(HandlerFailure report) {
    // Straight to stderr, as HelloServer's other errors: java.util.logging may be shut down.
    System.err.println("HelloServer: " + report);
    report.failure().printStackTrace();
  }
}
