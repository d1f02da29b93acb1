package dev.spindle.bench.support;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A producer thread for hand-off benchmarks: it spins on a one-slot mailbox and runs what it
 * finds, so that the measured cost is the consumer's cross-thread resume, not the producer's own
 * wake-up. One job at a time (the consumer waits for each result before posting the next).
 */
public final class SpinningCompleter implements Executor {
  private final AtomicReference<Runnable> slot = new AtomicReference<>();
  private volatile boolean running = true;
  private final Thread thread = new Thread(this::spin, "spinning-completer");

  private SpinningCompleter() {}

  public static SpinningCompleter start() {
    SpinningCompleter completer = new SpinningCompleter();
    completer.thread.setDaemon(true);
    completer.thread.start();
    return completer;
  }

  @Override
  public void execute(Runnable job) {
    if (!slot.compareAndSet(null, job)) {
      throw new IllegalStateException("SpinningCompleter takes one job at a time: the previous one"
          + " has not run yet; await each result before posting the next");
    }
  }

  public void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  private void spin() {
    while (running) {
      Runnable job = slot.get(); // read first: spinning must not bounce the cache line
      if (job != null) {
        slot.set(null);
        job.run();
      } else {
        Thread.onSpinWait();
      }
    }
  }
}
