package dev.spindle.loop;

import java.util.function.Consumer;

/**
 * Holds the one installed I/O trace ({@code dev.spindle.io.IoTrace}, the user's face of it) and
 * sends events to it: the reactor, the registrations and the I/O types emit through here.
 */
public final class InstalledTrace {
  /** Any thread writes (install) and reads; volatile so an install is seen by every loop. */
  private static volatile Consumer<String> current;

  private InstalledTrace() {}

  /** Installs {@code trace} for every loop; {@code null} uninstalls. Any thread. */
  public static void install(Consumer<String> trace) {
    current = trace;
  }

  /** Whether a trace is installed; guards the building of a message. */
  public static boolean enabled() {
    return current != null;
  }

  /** Sends {@code message} to the installed trace, if any. */
  public static void emit(String message) {
    Consumer<String> trace = current;
    if (trace == null) {
      return;
    }
    try {
      trace.accept(message);
    } catch (RuntimeException error) {
      // A broken trace must not break I/O: report it and go on.
      System.getLogger("dev.spindle").log(System.Logger.Level.WARNING,
          "the installed IoTrace threw on \"" + message + "\"", error);
    }
  }
}
