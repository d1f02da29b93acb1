package dev.spindle.examples;

import java.time.Duration;
import java.util.Locale;

/**
 * The command line of the example servers, parsed and checked.
 *
 * <pre>
 *   --host NAME            address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
 *   --port N               port to bind, 0 for any free one (default 7878, EchoServer 7879)
 *   --idle-timeout T       close a connection silent for this long (default 30s)
 *   --shutdown-timeout T   on SIGINT/SIGTERM, how long in-flight requests may take (default 10s)
 *   --trace                print the life of every connection
 * </pre>
 * Durations are written {@code 250ms}, {@code 30s}, {@code 2m}, or a bare number of seconds.
 */
public record ServerOptions(String host, int port, Duration idleTimeout, Duration shutdownTimeout,
    boolean trace) {

  public static final String USAGE = "usage: [--host NAME] [--port N] [--idle-timeout 30s]"
      + " [--shutdown-timeout 10s] [--trace]";

  /** Parses {@code args}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static ServerOptions parse(String[] args, int defaultPort) {
    String host = "127.0.0.1";
    int port = defaultPort;
    Duration idleTimeout = Duration.ofSeconds(30);
    Duration shutdownTimeout = Duration.ofSeconds(10);
    boolean trace = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--trace":
          trace = true;
          break;
        case "--host":
          host = value(args, ++i, option);
          break;
        case "--port":
          port = port(value(args, ++i, option));
          break;
        case "--idle-timeout":
          idleTimeout = duration(value(args, ++i, option), option);
          break;
        case "--shutdown-timeout":
          shutdownTimeout = duration(value(args, ++i, option), option);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
      }
    }
    return new ServerOptions(host, port, idleTimeout, shutdownTimeout, trace);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " must be followed by a value; " + USAGE);
    }
    return args[index];
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535 (0 picks a free"
        + " port): " + text);
  }

  static Duration duration(String text, String option) {
    String lower = text.toLowerCase(Locale.ROOT);
    try {
      Duration duration;
      if (lower.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
      } else if (lower.endsWith("s")) {
        duration = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
      } else if (lower.endsWith("m")) {
        duration = Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1)));
      } else {
        duration = Duration.ofSeconds(Long.parseLong(lower));
      }
      if (!duration.isNegative() && !duration.isZero()) {
        return duration;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException(option + " must be a positive duration such as 250ms, 30s"
        + " or 2m: " + text);
  }
}
