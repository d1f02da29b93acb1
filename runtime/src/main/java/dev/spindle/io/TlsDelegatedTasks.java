package dev.spindle.io;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run an {@link javax.net.ssl.SSLEngine}'s delegated tasks (key exchange,
 * signatures, certificate checks: milliseconds of CPU each), so that a handshake never stalls
 * the event loop that serves every other connection. One small pool for the whole JVM, as
 * handshakes are bursts: up to the number of CPUs (at most 4) daemon threads, which end after
 * 30 s without work.
 */
final class TlsDelegatedTasks {
  private static final AtomicInteger COUNT = new AtomicInteger();
  static final ExecutorService EXECUTOR = create();

  private TlsDelegatedTasks() {}

  private static ExecutorService create() {
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), work -> {
          Thread thread = new Thread(work, "spindle-tls-" + COUNT.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
