/**
 * Spindle's runtime: tasks, the single-threaded event loop and async TCP.
 *
 * <p>Users read {@code dev.spindle} (tasks, {@code await}, the loop, clocks and timers),
 * {@code dev.spindle.io} (TCP streams and listeners, the I/O trace), {@code dev.spindle.sync}
 * (channels, semaphores, mutexes). {@code
 * dev.spindle.internal.frame} is exported only because code the agent rewrites lives in the
 * user's module and calls it; it is not for users and may change in any release, as Kotlin's
 * {@code kotlin.coroutines.jvm.internal}. Everything else ({@code dev.spindle.loop}, {@code
 * dev.spindle.task}, {@code dev.spindle.timer}) is the runtime's own.
 */
module dev.spindle.runtime {
  exports dev.spindle;
  exports dev.spindle.io;
  exports dev.spindle.internal.frame;
  exports dev.spindle.sync;

  // Optional: the report of an accept that ran out of file descriptors reads the limit and the
  // count from its bean when the module is there (FileDescriptors), and says "unknown" otherwise.
  requires static jdk.management;
  // Optional: the JFR events (dev.spindle.BlockedLoop, dev.spindle.UnobservedFailure) are
  // committed only where the module is there and read (package dev.spindle.diagnostics).
  requires static jdk.jfr;
}
