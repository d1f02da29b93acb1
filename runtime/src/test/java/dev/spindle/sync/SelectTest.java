package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.ManualClock;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Channel.select: exactly one branch wins, and a losing branch never swallows an item. */
class SelectTest {
  @Test
  void theFirstReadyChannelWinsAndTheOthersKeepTheirItems() {
    Channel<String> a = Channel.unbounded();
    Channel<String> b = Channel.unbounded();
    b.send("b1");
    a.send("a1");
    Selected<String> selected = Channel.select(a, b).resultNow();
    assertEquals(0, selected.index());
    assertEquals("a1", selected.item());
    assertEquals("b1", b.tryReceive(), "the losing channel still has its item");
  }

  @Test
  void aWaitingSelectTakesExactlyOneItemAndLeavesNoBranchBehind() {
    Channel<String> a = Channel.unbounded();
    Channel<String> b = Channel.unbounded();
    Task<Selected<String>> select = Channel.select(a, b);
    assertFalse(select.isDone());
    b.send("b1");
    a.send("a1"); // the select is decided: its branch in a must not take this
    assertEquals("Selected[channel 1: b1]", select.resultNow().toString());
    assertEquals("a1", a.tryReceive());
    Task<String> receive = a.receive();
    a.send("a2");
    assertEquals("a2", receive.resultNow(), "no dead branch in the queue ahead of it");
  }

  @Test
  void aTimeOutTakesNothing() {
    ManualClock clock = new ManualClock();
    Channel<String> a = Channel.unbounded();
    Selected<String> selected = EventLoop.builder().clock(clock).run(() -> {
      Task<Selected<String>> select = Channel.select(Duration.ofSeconds(1), a);
      clock.advance(Duration.ofSeconds(1));
      return select;
    });
    assertTrue(selected.timedOut());
    assertEquals(-1, selected.index());
    a.send("after");
    assertEquals("after", a.tryReceive(), "the timed-out branch was withdrawn");
  }

  @Test
  void aCancelledSelectTakesNothing() {
    Channel<String> a = Channel.unbounded();
    Task<Selected<String>> select = Channel.select(a);
    assertTrue(select.cancel());
    a.send("kept");
    assertEquals("kept", a.tryReceive());
  }

  @Test
  void aClosedAndDrainedChannelWinsWithNull() {
    Channel<String> a = Channel.unbounded();
    Channel<String> b = Channel.unbounded();
    Task<Selected<String>> select = Channel.select(a, b);
    b.close();
    assertEquals(1, select.resultNow().index());
    assertNull(select.resultNow().item());
  }

  @Test
  void aSelectWithATimeOutOffAnyLoopIsRefused() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> Channel.select(Duration.ofSeconds(1), Channel.unbounded()));
    assertTrue(refused.getMessage().startsWith("Channel.select(PT1S, ...) must be called on an"
        + " event-loop thread; this is "), refused.getMessage());
  }

  /**
   * Two senders race on two channels against selects, many times over: every item sent is
   * received exactly once, by a select or by the final drain, never swallowed by a losing branch.
   */
  @Test
  void underRacingSendersEveryItemIsReceivedExactlyOnce() throws InterruptedException {
    int rounds = 20_000;
    Channel<Integer> a = Channel.unbounded();
    Channel<Integer> b = Channel.unbounded();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> senders = new ArrayList<>();
    for (Channel<Integer> channel : List.of(a, b)) {
      int base = channel == a ? 0 : rounds;
      Thread sender = new Thread(() -> {
        awaitQuietly(start);
        for (int i = 0; i < rounds; i++) {
          channel.send(base + i);
        }
      });
      sender.start();
      senders.add(sender);
    }
    boolean[] seen = new boolean[2 * rounds];
    AtomicInteger received = new AtomicInteger();
    start.countDown();
    while (received.get() < 2 * rounds) {
      Task<Selected<Integer>> select = Channel.select(a, b);
      if (received.get() % 3 == 0 && select.cancel()) {
        continue; // a cancelled select took nothing
      }
      Selected<Integer> got = select.join();
      assertFalse(seen[got.item()], "delivered twice: " + got);
      seen[got.item()] = true;
      received.incrementAndGet();
    }
    for (Thread sender : senders) {
      sender.join();
    }
    assertNull(a.tryReceive());
    assertNull(b.tryReceive());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
