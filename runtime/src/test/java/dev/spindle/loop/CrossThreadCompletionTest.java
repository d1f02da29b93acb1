package dev.spindle.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.internal.frame.AsyncFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Other threads enter only through the inbox; nothing they post is lost or run elsewhere. */
class CrossThreadCompletionTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 100_000;

  @Test
  @Timeout(60)
  void fourThreadsCompletingAHundredThousandPromisesEachResumeEveryWaiterOnTheLoop()
      throws Exception {
    AtomicInteger offLoop = new AtomicInteger();
    int[] resumed = {0}; // loop thread only: a plain int is the point
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> completers = new ArrayList<>();

    int total = EventLoop.run(() -> {
      Thread loopThread = Thread.currentThread();
      Promise<Integer> allResumed = new Promise<>();
      List<List<Promise<Integer>>> perThread = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<Promise<Integer>> promises = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
          Promise<Integer> promise = new Promise<>();
          promises.add(promise);
          // A suspended call, as generated code makes it: one frame awaiting the promise.
          AsyncFrame<Void> frame = AsyncFrame.create(f -> {
            if (Thread.currentThread() != loopThread) {
              offLoop.incrementAndGet();
            }
            if (++resumed[0] == THREADS * PER_THREAD) {
              allResumed.complete(resumed[0]);
            }
          }, 0, 0);
          frame.suspend(1, promise.task());
        }
        perThread.add(promises);
      }
      for (List<Promise<Integer>> promises : perThread) {
        Thread completer = new Thread(() -> {
          awaitQuietly(start);
          for (Promise<Integer> promise : promises) {
            promise.complete(1);
          }
        }, "completer-" + completers.size());
        completers.add(completer);
        completer.start();
      }
      start.countDown();
      return allResumed.task();
    });

    for (Thread completer : completers) {
      completer.join();
    }
    assertEquals(THREADS * PER_THREAD, total);
    assertEquals(0, offLoop.get(), "every continuation runs on the loop thread");
  }

  @Test
  @Timeout(30)
  void workPostedFromManyThreadsRunsOnceEachInPostingOrderPerThread() throws Exception {
    int perThread = 50_000;
    List<List<Integer>> seen = new ArrayList<>();
    List<Thread> posters = new ArrayList<>();
    EventLoop.run(() -> {
      EventLoop loop = EventLoop.current();
      Promise<Void> done = new Promise<>();
      int[] left = {THREADS * perThread};
      for (int t = 0; t < THREADS; t++) {
        List<Integer> order = new ArrayList<>();
        seen.add(order);
        Thread poster = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            int value = i;
            loop.execute(() -> {
              order.add(value);
              if (--left[0] == 0) {
                done.complete(null);
              }
            });
          }
        });
        posters.add(poster);
        poster.start();
      }
      return done.task();
    });
    for (Thread poster : posters) {
      poster.join();
    }
    for (List<Integer> order : seen) {
      assertEquals(perThread, order.size());
      for (int i = 0; i < perThread; i++) {
        assertEquals(i, order.get(i));
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
