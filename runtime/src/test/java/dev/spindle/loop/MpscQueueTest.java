package dev.spindle.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MpscQueueTest {
  @Test
  void oneProducerGetsFirstInFirstOut() {
    MpscQueue<String> queue = new MpscQueue<>();
    assertTrue(queue.isEmpty());
    queue.offer("a");
    queue.offer("b");
    assertEquals("a", queue.poll());
    assertEquals("b", queue.poll());
    assertNull(queue.poll());
    assertTrue(queue.isEmpty());
  }

  @Test
  void nullIsRefusedWithTheRule() {
    MpscQueue<String> queue = new MpscQueue<>();
    NullPointerException refused = assertThrows(NullPointerException.class,
        () -> queue.offer(null));
    assertEquals("MpscQueue.offer(element) must be given an element: null", refused.getMessage());
  }

  @Test
  @Timeout(30)
  void manyProducersLoseNothingAndKeepEachProducersOrder() throws Exception {
    int producers = 4;
    int perProducer = 200_000;
    MpscQueue<long[]> queue = new MpscQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long producer = p;
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (long i = 0; i < perProducer; i++) {
          queue.offer(new long[] {producer, i});
        }
      });
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    long[] next = new long[producers];
    int received = 0;
    while (received < producers * perProducer) {
      long[] element = queue.poll();
      if (element == null) {
        Thread.onSpinWait();
        continue;
      }
      assertEquals(next[(int) element[0]]++, element[1], "order of producer " + element[0]);
      received++;
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertNull(queue.poll());
  }
}
