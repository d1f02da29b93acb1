package dev.spindle.examples;

import java.time.Duration;

/**
 * The command line of {@link ChatServer}, parsed and checked.
 *
 * <pre>
 *   --host NAME            address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
 *   --port N               port to bind, 0 for any free one (default 7880)
 *   --idle-timeout T       disconnect a client that sends nothing for this long (default 5m)
 *   --shutdown-timeout T   on SIGINT/SIGTERM, how long clients get to receive what is queued
 *                          for them (default 10s)
 *   --max-line SIZE        the longest line a client may send, in bytes without its end of line
 *                          (default 1k); a longer one gets an error line and is disconnected
 *   --queue N              lines queued for one client at most: its channel's capacity (256)
 *   --slow-grace T         how long a line waits for room in a full queue before its client is
 *                          disconnected as too slow (default 1s); 0: at once, never waiting
 *   --trace                print the life of every connection
 * </pre>
 * Durations and sizes are written as for {@link ServerOptions}.
 */
public record ChatOptions(String host, int port, Duration idleTimeout, Duration shutdownTimeout,
    int maxLineBytes, int queueCapacity, Duration slowGrace, boolean trace) {

  public static final int DEFAULT_PORT = 7880;
  public static final int DEFAULT_MAX_LINE_BYTES = 1024;
  /** Far above any chat line; keeps a connection's buffers small whatever is asked. */
  static final int LARGEST_MAX_LINE_BYTES = 1024 * 1024;
  public static final int DEFAULT_QUEUE_CAPACITY = 256;
  static final int LARGEST_QUEUE_CAPACITY = 1 << 20;

  public static final String USAGE = "usage: [--host NAME] [--port N] [--idle-timeout 5m]"
      + " [--shutdown-timeout 10s] [--max-line 1k] [--queue 256] [--slow-grace 1s] [--trace]";

  /** The defaults, on {@code port}. */
  public static ChatOptions defaults(int port) {
    return parse(new String[] {"--port", Integer.toString(port)});
  }

  /** Parses {@code args}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static ChatOptions parse(String[] args) {
    String host = "127.0.0.1";
    int port = DEFAULT_PORT;
    Duration idleTimeout = Duration.ofMinutes(5);
    Duration shutdownTimeout = Duration.ofSeconds(10);
    int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    Duration slowGrace = Duration.ofSeconds(1);
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
          port = ServerOptions.port(value(args, ++i, option));
          break;
        case "--idle-timeout":
          idleTimeout = ServerOptions.duration(value(args, ++i, option), option);
          break;
        case "--shutdown-timeout":
          shutdownTimeout = ServerOptions.duration(value(args, ++i, option), option);
          break;
        case "--max-line":
          maxLineBytes = maxLine(value(args, ++i, option));
          break;
        case "--queue":
          queueCapacity = queue(value(args, ++i, option));
          break;
        case "--slow-grace":
          slowGrace = grace(value(args, ++i, option));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
      }
    }
    return new ChatOptions(host, port, idleTimeout, shutdownTimeout, maxLineBytes, queueCapacity,
        slowGrace, trace);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " must be followed by a value; " + USAGE);
    }
    return args[index];
  }

  private static int maxLine(String text) {
    long bytes = -1;
    try {
      bytes = ServerOptions.size(text, "--max-line");
    } catch (IllegalArgumentException notASize) {
      // reported below with this option's own range
    }
    if (bytes < 1 || bytes > LARGEST_MAX_LINE_BYTES) {
      throw new IllegalArgumentException("--max-line must be a size from 1 byte to 1m, such as"
          + " 512 or 4k: " + text);
    }
    return (int) bytes;
  }

  private static int queue(String text) {
    try {
      int lines = Integer.parseInt(text);
      if (lines >= 1 && lines <= LARGEST_QUEUE_CAPACITY) {
        return lines;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException("--queue must be a whole number of lines from 1 to "
        + LARGEST_QUEUE_CAPACITY + " (default " + DEFAULT_QUEUE_CAPACITY + "): " + text);
  }

  /** Like any duration option, and 0 as well: disconnect as soon as a queue is full. */
  private static Duration grace(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    try {
      return ServerOptions.duration(text, "--slow-grace");
    } catch (IllegalArgumentException notPositive) {
      throw new IllegalArgumentException("--slow-grace must be 0 (disconnect a client as soon as"
          + " its queue is full) or a positive duration such as 250ms, 1s or 2m: " + text);
    }
  }
}
