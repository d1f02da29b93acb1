package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Linearizability under contention: four sender threads of 100,000 items each and four receiver
 * threads through a small bounded channel, with one wait in eight cancelled on both sides. Every
 * item is received exactly once, and each receiver sees each sender's items in the order sent.
 * A cancelled send is sent again, as a caller would; a cancelled receive took nothing.
 */
class ChannelStressTest {
  private static final int THREADS = 4;
  private static final int ITEMS = 100_000;
  /** Waits withdrawn by a cancel, both sides; the test shows it exercised them. */
  private static final java.util.concurrent.atomic.AtomicInteger CANCELLED =
      new java.util.concurrent.atomic.AtomicInteger();

  @Test
  void everyItemIsReceivedExactlyOnceInEachSendersOrder() throws InterruptedException {
    Channel<Long> channel = Channel.bounded(16);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<long[]> received = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 0; s < THREADS; s++) {
      long sender = s;
      threads.add(start(errors, () -> send(channel, sender)));
    }
    for (int r = 0; r < THREADS; r++) {
      threads.add(start(errors, () -> received.add(receiveAll(channel))));
    }
    for (Thread thread : threads.subList(0, THREADS)) {
      thread.join();
    }
    channel.close();
    for (Thread thread : threads.subList(THREADS, 2 * THREADS)) {
      thread.join();
    }
    assertEquals(List.of(), errors);
    boolean[] seen = new boolean[THREADS * ITEMS];
    int total = 0;
    for (long[] items : received) {
      long[] lastOfSender = {-1, -1, -1, -1};
      for (long item : items) {
        int sender = (int) (item / ITEMS);
        assertTrue(item > lastOfSender[sender], "sender " + sender + "'s items out of order: "
            + item + " after " + lastOfSender[sender]);
        lastOfSender[sender] = item;
        assertTrue(!seen[(int) item], "received twice: " + item);
        seen[(int) item] = true;
        total++;
      }
    }
    assertEquals(THREADS * ITEMS, total, "every item received");
    assertNull(channel.tryReceive());
    assertTrue(CANCELLED.get() > 0, "no wait was cancelled: the test proved nothing about it");
  }

  private static void send(Channel<Long> channel, long sender) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (long i = sender * ITEMS, end = i + ITEMS; i < end; ) {
      Task<Void> send = channel.send(i);
      if (!send.isDone() && random.nextInt(8) == 0 && send.cancel()) {
        CANCELLED.incrementAndGet();
        continue; // withdrawn: send it again
      }
      send.join();
      i++;
    }
  }

  private static long[] receiveAll(Channel<Long> channel) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long[] items = new long[1024];
    int count = 0;
    for (;;) {
      Task<Long> receive = channel.receive();
      if (!receive.isDone() && random.nextInt(8) == 0 && receive.cancel()) {
        CANCELLED.incrementAndGet();
        continue; // took nothing
      }
      Long item = receive.join();
      if (item == null) {
        return java.util.Arrays.copyOf(items, count);
      }
      if (count == items.length) {
        items = java.util.Arrays.copyOf(items, count * 2);
      }
      items[count++] = item;
    }
  }

  private static Thread start(List<Throwable> errors, Runnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (Throwable error) {
        errors.add(error);
      }
    });
    thread.start();
    return thread;
  }
}
