package dev.spindle.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The heap alone, checked against a sorted map on random adds, cancels and polls. */
class TimersTest {
  private final Timers timers = new Timers();
  private final Thread thisThread = Thread.currentThread();

  private Timer timer(long deadline, List<String> fired, String name) {
    return new Timer(deadline, () -> fired.add(name), timers, Runnable::run, thisThread);
  }

  @Test
  void dueTimersComeOutByDeadlineThenByInsertionOrder() {
    List<String> fired = new ArrayList<>();
    timers.add(timer(30, fired, "c"));
    timers.add(timer(10, fired, "a1"));
    timers.add(timer(20, fired, "b"));
    timers.add(timer(10, fired, "a2"));
    timers.add(timer(40, fired, "late"));
    for (Timer due; (due = timers.pollDue(35, timers.nextSequence())) != null; ) {
      due.run();
    }
    assertEquals(List.of("a1", "a2", "b", "c"), fired);
    assertEquals(1, timers.size());
    assertEquals(40, timers.nearestDeadline());
  }

  @Test
  void aCancelledTimerLeavesTheHeapAtOnce() {
    List<String> fired = new ArrayList<>();
    Timer kept = timer(10, fired, "kept");
    Timer cancelled = timer(5, fired, "cancelled");
    timers.add(kept);
    timers.add(cancelled);
    assertTrue(cancelled.cancel());
    assertFalse(cancelled.cancel(), "a second cancel reports that it did nothing");
    assertEquals(1, timers.size());
    assertEquals(10, timers.nearestDeadline());
    Timer due = timers.pollDue(100, timers.nextSequence());
    due.run();
    assertFalse(due.cancel(), "a fired timer cannot be cancelled");
    assertNull(timers.pollDue(100, timers.nextSequence()));
    assertEquals(List.of("kept"), fired);
  }

  @Test
  void aTimerCancelledBeforeItReachesTheLoopIsNeverAdded() {
    Timer timer = timer(1, new ArrayList<>(), "x");
    timer.cancel();
    timers.add(timer);
    assertTrue(timers.isEmpty());
  }

  @Test
  void randomAddsCancelsAndPollsMatchASortedMap() {
    Random random = new Random(7);
    TreeMap<Long, Timer> model = new TreeMap<>(); // key: deadline * 2^20 + sequence
    List<Timer> live = new ArrayList<>();
    long sequence = 0;
    List<String> fired = new ArrayList<>();
    for (int step = 0; step < 100_000; step++) {
      int action = random.nextInt(10);
      if (action < 5 || live.isEmpty()) {
        long deadline = random.nextInt(1000);
        Timer timer = timer(deadline, fired, "t");
        timers.add(timer);
        model.put((deadline << 20) + sequence++, timer);
        live.add(timer);
      } else if (action < 8) {
        Timer victim = live.remove(random.nextInt(live.size()));
        assertTrue(victim.cancel());
        model.values().remove(victim);
      } else {
        Timer expected = model.isEmpty() ? null : model.pollFirstEntry().getValue();
        Timer actual = timers.pollDue(Long.MAX_VALUE, Long.MAX_VALUE);
        assertEquals(expected, actual);
        live.remove(actual);
      }
      assertEquals(model.size(), timers.size());
    }
  }
}
