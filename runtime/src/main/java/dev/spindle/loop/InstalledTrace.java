package dev.spindle.loop;

/** Holds the one installed {@link IoTrace} (interfaces cannot hold a mutable field). */
final class InstalledTrace {
  /** Any thread writes (install) and reads; volatile so an install is seen by every loop. */
  static volatile IoTrace current;

  private InstalledTrace() {}

  static void send(IoTrace trace, String message) {
    try {
      trace.event(message);
    } catch (RuntimeException error) {
      // A broken trace must not break I/O: report it and go on.
      System.getLogger("dev.spindle").log(System.Logger.Level.WARNING,
          "the installed IoTrace threw on \"" + message + "\"", error);
    }
  }
}
