package dev.spindle.examples;

import dev.spindle.Promise;
import dev.spindle.Task;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns SIGINT and SIGTERM (Ctrl-C, {@code kill}) into a task the server awaits, and makes the
 * process exit 0 once the server has stopped.
 *
 * <p>The JVM runs shutdown hooks on those signals and then exits with 128 + the signal number
 * (130, 143), even when everything stopped cleanly. So the hook completes a {@link Promise} (from
 * its own thread; the server resumes on its loop), waits, bounded, for the server's loop to end,
 * and then halts with the server's exit status itself. Halting skips the shutdown hooks that
 * are still running, which this process does not use.
 */
final class ShutdownSignal {
  private final Promise<Void> requested = new Promise<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Whoever sets it first decides how the process ends: the hook (signal) or main (by itself). */
  private final AtomicBoolean ending = new AtomicBoolean();
  private final String server;
  private final Duration bound;
  private volatile int exitStatus;

  private ShutdownSignal(String server, Duration bound) {
    this.server = server;
    this.bound = bound;
  }

  /**
   * Installs the hook; the loop gets {@code shutdownTimeout} plus a margin to end. {@code server}
   * names the program in the message printed if it does not.
   */
  static ShutdownSignal install(String server, Duration shutdownTimeout) {
    ShutdownSignal signal = new ShutdownSignal(server, shutdownTimeout.plusSeconds(5));
    Runtime.getRuntime().addShutdownHook(new Thread(signal::onSignal, "spindle-shutdown"));
    return signal;
  }

  /** Finishes when the process was asked to stop. */
  Task<Void> requested() {
    return requested.task();
  }

  /**
   * Called by main when the server's loop has ended. If that was because of a signal, the hook
   * halts with {@code status}; otherwise this exits with it now.
   */
  void serverStopped(int status) {
    exitStatus = status;
    stopped.countDown();
    if (ending.compareAndSet(false, true)) {
      System.exit(status);
    }
  }

  private void onSignal() {
    if (!ending.compareAndSet(false, true)) {
      return; // main is exiting by itself with its own status
    }
    requested.complete(null);
    boolean finished;
    try {
      finished = stopped.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      finished = false;
    }
    if (!finished) {
      System.err.println(server + ": the server did not stop within " + bound.toMillis()
          + " ms of the signal; exiting with status 1");
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(finished ? exitStatus : 1);
  }
}
