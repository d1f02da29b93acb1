package dev.spindle.io;

import java.io.IOException;

/**
 * Test-only fault injection: a {@link Plan}, once installed, may fail any socket operation of
 * this package with an {@link IOException} of its choosing, as a socket can fail on a real
 * network. The runtime's own tests use it (with a seeded random plan) to show that every failure
 * reaches the task that owns the operation and that nothing leaks on the way. Package-private:
 * no user of Spindle can install one.
 *
 * <p>Off by default. Off, an operation pays one read of a plain static field and a null check:
 * no allocation, no atomic operation. Install a plan before starting the loops that should see
 * it (starting a thread publishes the field to it), and uninstall it after they have stopped.
 */
final class Faults {
  /** Where a fault may strike: before the system call, except {@link #CLOSE} (see there). */
  enum Operation {
    /** Before {@code ServerSocketChannel.accept()}: the connection stays in the backlog. */
    ACCEPT,
    /** Before a read of a stream. */
    READ,
    /** Before a write of a stream (each attempt of a write that has to wait). */
    WRITE,
    /** Before {@code connect} and before each {@code finishConnect}. */
    CONNECT,
    /** After the stream's channel is closed, as a real close that fails still frees the descriptor. */
    CLOSE
  }

  /** Decides, per operation, whether it fails. Called on the loop thread of the operation. */
  @FunctionalInterface
  interface Plan {
    /** The failure to throw from {@code operation} on {@code subject}, or {@code null}. */
    IOException failure(Operation operation, Object subject);
  }

  /** The installed plan, or {@code null}. Written by a test before its loops start. */
  private static Plan plan;

  private Faults() {}

  /** Installs {@code plan} ({@code null} uninstalls); see the class comment for when. */
  static void install(Plan newPlan) {
    plan = newPlan;
  }

  /**
   * Throws the failure the installed plan picks for {@code operation} on {@code subject} (a
   * listener or a stream), if any.
   */
  static void check(Operation operation, Object subject) throws IOException {
    Plan installed = plan;
    if (installed != null) {
      IOException failure = installed.failure(operation, subject);
      if (failure != null) {
        throw failure;
      }
    }
  }
}
