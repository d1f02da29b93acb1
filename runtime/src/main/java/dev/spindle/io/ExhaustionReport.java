package dev.spindle.io;

import dev.spindle.timer.Timer;
import java.io.IOException;
import java.time.ZonedDateTime;

/**
 * Recognises an accept that failed for want of a resource that comes back by itself (a file
 * descriptor, kernel memory), and reports an episode of such failures through
 * {@link System.Logger} ({@code dev.spindle.io}): a warning when it starts, with the
 * descriptor limit and count when known, and a note when the listener has caught up.
 *
 * <p>The JDK gives no errno, only the C library's message, so the failure is recognised by that
 * message, as the JDK itself words it (in English; a C library that translates its messages is
 * not recognised, and its accept failures fail the accept as before).
 */
final class ExhaustionReport {
  private static final System.Logger LOGGER = System.getLogger("dev.spindle.io");
  /** Any thread: set by the first {@link #prepare()}. */
  private static volatile boolean prepared;

  private ExhaustionReport() {}

  /**
   * Gets ready to report while no descriptor is free: whatever the report needs that the JDK
   * loads lazily from a file is loaded now (30 to 60 ms, half of it the management bean). Once
   * per process, when the first listener is made; any thread.
   */
  static void prepare() {
    if (prepared) {
      return;
    }
    prepared = true; // two threads may both get here; warming up twice does no harm
    try {
      FileDescriptors.prepare();
      // Log formatters read the local time zone, whose rules the JDK loads from lib/tzdb.dat on
      // first use; failing there, its time-zone classes stay broken for the rest of the process.
      ZonedDateTime.now();
      // Sets up the logging backend (JUL reads conf/logging.properties on first use).
      LOGGER.isLoggable(System.Logger.Level.WARNING);
      // Loads the classes a pause needs: from a class directory (not a jar), loading a class
      // takes a descriptor.
      Class<?>[] pausing = {Shortage.class, AcceptBackoff.class, Timer.class};
    } catch (Throwable failure) {
      // Already short of descriptors: the report falls back to standard error (see log).
    }
  }

  /** Whether {@code failure} of an accept means "out of descriptors or memory, for now". */
  static boolean isExhaustion(IOException failure) {
    return Shortage.of(failure) != null;
  }

  /** Reports the start of an episode: {@code listener} stops accepting for {@code retryMillis}. */
  static void started(AsyncTcpListener listener, IOException failure, long retryMillis,
      long longestMillis) {
    Shortage shortage = Shortage.of(failure);
    log(System.Logger.Level.WARNING, listener + " could not accept a connection: " + failure
        + " (" + shortage + ": " + shortage.meaning + "; " + descriptors() + "). New connections"
        + " wait in the listen backlog, as many as it holds. Accepting pauses and resumes by"
        + " itself, " + retryMillis + " ms from now (doubling up to " + longestMillis + " ms"
        + " while it keeps failing) or as soon as a connection of this event loop closes. Fix: "
        + shortage.fix);
  }

  /** Reports the end of an episode: an accept found the backlog empty and nothing short. */
  static void ended(AsyncTcpListener listener, long millis, int pauses, long accepted) {
    log(System.Logger.Level.INFO, listener + " has caught up after " + millis + " ms short of"
        + " descriptors or memory: accepting paused " + pauses + " time(s) and took " + accepted
        + " connection(s) meanwhile; " + descriptors());
  }

  /** What an accept can run short of, by the C library's message for its errno. */
  private enum Shortage {
    // ENFILE first: its message starts with EMFILE's.
    ENFILE("Too many open files in system", "the system's file table is full",
        "raise the system's limit (sysctl fs.file-max) or close files in other processes"),
    EMFILE("Too many open files", "the process has opened all the file descriptors it may",
        "raise the limit (ulimit -n, systemd LimitNOFILE=) or serve fewer connections per"
            + " process"),
    ENOBUFS("No buffer space available", "the kernel is short of socket buffer memory",
        "free memory, raise the kernel's socket memory (sysctl net.ipv4.tcp_mem) or serve fewer"
            + " connections"),
    ENOMEM("Cannot allocate memory", "the kernel is short of memory",
        "free memory or serve fewer connections");

    final String message;
    final String meaning;
    final String fix;

    Shortage(String message, String meaning, String fix) {
      this.message = message;
      this.meaning = meaning;
      this.fix = fix;
    }

    /** The shortage {@code failure} reports, or {@code null} if it reports none. */
    static Shortage of(IOException failure) {
      String text = failure.getMessage();
      if (text != null) {
        for (Shortage shortage : values()) {
          if (text.contains(shortage.message)) {
            return shortage;
          }
        }
      }
      return null;
    }
  }

  private static String descriptors() {
    long limit = FileDescriptors.limit();
    long open = FileDescriptors.open();
    return "file descriptors: limit " + (limit < 0 ? "unknown" : limit) + " (ulimit -n), open "
        + (open >= 0 ? open : "unknown (listing /proc/self/fd takes a descriptor, and none is"
        + " free)");
  }

  private static void log(System.Logger.Level level, String message) {
    try {
      LOGGER.log(level, message);
    } catch (Throwable broken) {
      // A logging backend that opens a file lazily fails while no descriptor is free; the report
      // must not fail the loop, and standard error is open already.
      System.err.println("dev.spindle.io " + level + ": " + message + " (System.Logger failed: "
          + broken + ")");
    }
  }
}
