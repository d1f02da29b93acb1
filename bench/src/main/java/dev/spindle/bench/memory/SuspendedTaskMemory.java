package dev.spindle.bench.memory;

import dev.spindle.bench.kotlin.SuspendedCoroutines;
import dev.spindle.bench.support.VirtualThreads;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Memory per suspended task: N pieces of straight-line code, each suspended waiting for its own
 * one-shot result, measured as heap after a full GC (and RSS) minus the same reading before.
 *
 * <ul>
 *   <li>{@code spindle}: N calls of an {@code @Async} method, each suspended in
 *       {@code await(promise.task())} (needs {@code -javaagent:agent/target/spindle-agent.jar}).
 *   <li>{@code kotlin}: N coroutines, each suspended in {@code CompletableDeferred.await()}.
 *   <li>{@code virtual}: N virtual threads, each parked in {@code CompletableFuture.join()}.
 * </ul>
 *
 * Every contender holds the same two arrays (its N one-shots and its N tasks, coroutine jobs or
 * threads), and at the end completes every one-shot and checks that every task finished, which
 * proves they were really suspended and not collected.
 *
 * <p>Run one contender per JVM: {@code java -Xmx8g -cp bench/target/benchmarks.jar
 * dev.spindle.bench.memory.SuspendedTaskMemory kotlin 1000000}; {@code bench/memory.sh} runs all.
 */
public final class SuspendedTaskMemory {
  private SuspendedTaskMemory() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: SuspendedTaskMemory spindle|kotlin|virtual [count]");
    }
    String contender = args[0];
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    MemoryReading[] readings = new MemoryReading[2];
    Runnable measure = () -> readings[1] = MemoryReading.afterFullGc();
    readings[0] = MemoryReading.afterFullGc();
    long finished = switch (contender) {
      case "spindle" -> SpindleSuspended.holdSuspended(count, measure);
      case "kotlin" -> SuspendedCoroutines.holdSuspended(count, measure);
      case "virtual" -> holdParkedVirtualThreads(count, measure);
      default -> throw new IllegalArgumentException("contender must be spindle, kotlin or virtual: "
          + contender);
    };
    if (finished != count) {
      throw new IllegalStateException(contender + ": " + finished + " of " + count
          + " suspended tasks finished after their one-shot completed");
    }
    report(contender, count, readings[0], readings[1]);
  }

  private static void report(String contender, int count, MemoryReading before, MemoryReading during) {
    double heapPerTask = (double) (during.heapUsedBytes() - before.heapUsedBytes()) / count;
    double rssPerTask = (double) (during.residentBytes() - before.residentBytes()) / count;
    System.out.printf(Locale.ROOT, "contender=%s tasks=%d heapBytesPerTask=%.1f rssBytesPerTask=%.1f"
            + " heapBefore=%d heapDuring=%d rssBefore=%d rssDuring=%d java=%s%n",
        contender, count, heapPerTask, rssPerTask, before.heapUsedBytes(),
        during.heapUsedBytes(), before.residentBytes(), during.residentBytes(),
        Runtime.version());
  }

  /** N virtual threads, each parked in {@code join()} of its own future. */
  private static long holdParkedVirtualThreads(int count, Runnable whileParked)
      throws InterruptedException {
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Integer>[] futures = new CompletableFuture[count];
    Thread[] threads = new Thread[count];
    long[] finished = new long[1];
    for (int i = 0; i < count; i++) {
      CompletableFuture<Integer> future = new CompletableFuture<>();
      futures[i] = future;
      threads[i] = VirtualThreads.start(future::join);
    }
    for (Thread thread : threads) {
      while (thread.getState() != Thread.State.WAITING) {
        Thread.onSpinWait(); // wait until it has really parked
      }
    }
    whileParked.run();
    for (CompletableFuture<Integer> future : futures) {
      future.complete(1);
    }
    for (Thread thread : threads) {
      thread.join();
      finished[0]++;
    }
    return finished[0];
  }
}
