package dev.spindle.examples;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.LoopLocal;
import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real rewritten {@code @Async} methods on four loops awaiting tasks that other loops finish:
 * every resumption happens on the awaiter's own loop, and no await is lost.
 */
class LoopGroupAwaitTest {
  private static final int LOOPS = 4;
  private static final int WORKERS_PER_LOOP = 500;
  private static final int AWAITS_PER_WORKER = 500; // 4 x 500 x 500 = 1,000,000 awaits

  /** Per loop: awaits done there, and resumptions that found themselves on another loop. */
  private static final LoopLocal<long[]> COUNTS = LoopLocal.withInitial(() -> new long[2]);

  @Test
  @Timeout(60)
  void aMillionAwaitsAcrossFourLoopsEachResumeOnTheAwaitersLoop() {
    long started = System.nanoTime();
    List<long[]> perLoop;
    try (EventLoopGroup group = EventLoopGroup.start(LOOPS)) {
      perLoop = Task.all(group.submitToEach(() -> driver(group))).join();
    }
    long awaits = 0;
    for (long[] counts : perLoop) {
      assertEquals(0, counts[1], "resumptions on a loop other than the awaiter's");
      assertEquals((long) WORKERS_PER_LOOP * AWAITS_PER_WORKER, counts[0]);
      awaits += counts[0];
    }
    assertEquals(1_000_000, awaits);
    System.out.println("LoopGroupAwaitTest: 1,000,000 cross-loop awaits in "
        + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  /** Starts the workers of this loop and returns its counts once they are all done. */
  @Async
  static Task<long[]> driver(EventLoopGroup group) {
    EventLoop own = EventLoop.current();
    List<Task<Long>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS_PER_LOOP; w++) {
      workers.add(worker(group, own, w));
    }
    List<Long> sums = await(Task.all(workers));
    for (int w = 0; w < WORKERS_PER_LOOP; w++) {
      long expected = (long) w * AWAITS_PER_WORKER + (long) AWAITS_PER_WORKER * (AWAITS_PER_WORKER - 1) / 2;
      assertEquals(expected, sums.get(w), "worker " + w + " lost or repeated a value");
    }
    return Task.completed(COUNTS.get());
  }

  /** Awaits, one after another, tasks that the group's loops (mostly others) finish. */
  @Async
  static Task<Long> worker(EventLoopGroup group, EventLoop own, int id) {
    long sum = 0;
    for (int i = 0; i < AWAITS_PER_WORKER; i++) {
      int value = id + i;
      sum += await(group.submit(() -> Task.completed((long) value)));
      long[] counts = COUNTS.get();
      counts[0]++;
      if (EventLoop.current() != own) {
        counts[1]++;
      }
    }
    return Task.completed(sum);
  }
}
