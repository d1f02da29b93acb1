package dev.spindle.examples;

import java.nio.file.Path;
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
 *   --max-connections N    connections served at once; more get 503 and are closed (10000)
 *   --max-body SIZE        the largest request body; a larger one gets 413 (default 1m)
 *   --trace                print the life of every connection
 *   --tls-keystore FILE    serve TLS (HTTPS) with the key and certificate in this PKCS12 file
 *   --tls-password PW      the password of that file (and of its key)
 *   --loops N              event loops, one thread each (default: available processors;
 *                          1: today's single-thread server, on the main thread)
 * </pre>
 * Durations are written {@code 250ms}, {@code 30s}, {@code 2m}, or a bare number of seconds;
 * sizes {@code 512k}, {@code 1m} (KiB, MiB), or a bare number of bytes.
 */
public record ServerOptions(String host, int port, Duration idleTimeout, Duration shutdownTimeout,
    int maxConnections, long maxBodyBytes, boolean trace, int loops, Path tlsKeyStore,
    String tlsPassword) {

  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** More loops than this is a typo, not a machine: each is a thread and a selector. */
  public static final int MAX_LOOPS = 1024;
  /** Far above any body a test sends, and within what a long counts without overflow. */
  private static final long LARGEST_MAX_BODY_BYTES = 1L << 50;

  public static final String USAGE = "usage: [--host NAME] [--port N] [--idle-timeout 30s]"
      + " [--shutdown-timeout 10s] [--max-connections 10000] [--max-body 1m] [--trace] [--loops N]"
      + " [--tls-keystore FILE.p12 --tls-password PW]";

  /** The options of a plain-text server; {@link #tls()} is false. */
  public ServerOptions(String host, int port, Duration idleTimeout, Duration shutdownTimeout,
      int maxConnections, long maxBodyBytes, boolean trace, int loops) {
    this(host, port, idleTimeout, shutdownTimeout, maxConnections, maxBodyBytes, trace, loops,
        null, null);
  }

  /** The options as written, with the TLS password hidden: a record prints every field. */
  @Override
  public String toString() {
    return "ServerOptions[host=" + host + ", port=" + port + ", idleTimeout=" + idleTimeout
        + ", shutdownTimeout=" + shutdownTimeout + ", maxConnections=" + maxConnections
        + ", maxBodyBytes=" + maxBodyBytes + ", trace=" + trace + ", loops=" + loops
        + ", tlsKeyStore=" + tlsKeyStore
        + ", tlsPassword=" + (tlsPassword == null ? null : "(hidden)") + "]";
  }

  /** Whether the server speaks TLS: {@code --tls-keystore} was given. */
  public boolean tls() {
    return tlsKeyStore != null;
  }

  /** Parses {@code args}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static ServerOptions parse(String[] args, int defaultPort) {
    String host = "127.0.0.1";
    int port = defaultPort;
    Duration idleTimeout = Duration.ofSeconds(30);
    Duration shutdownTimeout = Duration.ofSeconds(10);
    int maxConnections = DEFAULT_MAX_CONNECTIONS;
    long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    boolean trace = false;
    Path tlsKeyStore = null;
    String tlsPassword = null;
    int loops = Runtime.getRuntime().availableProcessors();
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
        case "--max-connections":
          maxConnections = maxConnections(value(args, ++i, option));
          break;
        case "--max-body":
          maxBodyBytes = size(value(args, ++i, option), option);
          break;
        case "--tls-keystore":
          tlsKeyStore = Path.of(value(args, ++i, option));
          break;
        case "--tls-password":
          tlsPassword = value(args, ++i, option);
          break;
        case "--loops":
          loops = loops(value(args, ++i, option));
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
      }
    }
    if ((tlsKeyStore == null) != (tlsPassword == null)) {
      throw new IllegalArgumentException("--tls-keystore and --tls-password must be given"
          + " together (the PKCS12 file and its password): got only "
          + (tlsKeyStore == null ? "--tls-password" : "--tls-keystore " + tlsKeyStore));
    }
    return new ServerOptions(host, port, idleTimeout, shutdownTimeout, maxConnections,
        maxBodyBytes, trace, loops, tlsKeyStore, tlsPassword);
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " must be followed by a value; " + USAGE);
    }
    return args[index];
  }

  /** A port number, 0 to 65535; shared with {@link ChatOptions}. */
  static int port(String text) {
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

  private static int maxConnections(String text) {
    try {
      int count = Integer.parseInt(text);
      if (count >= 1) {
        return count;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException("--max-connections must be a whole number of at least 1"
        + " (default " + DEFAULT_MAX_CONNECTIONS + "): " + text);
  }

  private static int loops(String text) {
    try {
      int count = Integer.parseInt(text);
      if (count >= 1 && count <= MAX_LOOPS) {
        return count;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException("--loops must be a whole number from 1 to " + MAX_LOOPS
        + " (default: the available processors, "
        + Runtime.getRuntime().availableProcessors() + "): " + text);
  }

  /** {@code 4096}, {@code 512k} or {@code 1m}: bytes, KiB, MiB; 0 allowed (no body at all). */
  static long size(String text, String option) {
    String lower = text.toLowerCase(Locale.ROOT);
    long unit = 1;
    String digits = lower;
    if (lower.endsWith("k")) {
      unit = 1024;
      digits = lower.substring(0, lower.length() - 1);
    } else if (lower.endsWith("m")) {
      unit = 1024 * 1024;
      digits = lower.substring(0, lower.length() - 1);
    }
    try {
      long count = Long.parseLong(digits);
      if (count >= 0 && count <= LARGEST_MAX_BODY_BYTES / unit) {
        return count * unit;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the rule
    }
    throw new IllegalArgumentException(option + " must be a size such as 4096 (bytes), 512k or"
        + " 1m, at most 2^50 bytes: " + text);
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
