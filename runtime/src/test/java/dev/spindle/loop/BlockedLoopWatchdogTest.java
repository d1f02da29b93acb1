package dev.spindle.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BlockedLoopWatchdogTest {
  private static final Duration THRESHOLD = Duration.ofMillis(100);

  @Test
  void a_task_that_blocks_the_loop_is_reported_once_with_the_loop_threads_stack()
      throws Exception {
    String name = "blocked-once";
    try (WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      runLoop(name, () -> blockTheLoop(log, 1));

      List<LogRecord> warnings = log.at(Level.WARNING);
      assertEquals(1, warnings.size(), "one report per episode: " + messages(warnings));
      String message = warnings.get(0).getMessage();
      assertTrue(message.startsWith("EventLoop[" + name + "] has been blocked for at least "),
          message);
      assertTrue(message.contains(" ms, over its threshold of 100 ms: one task (or one turn of"
          + " work) holds the loop thread"), message);
      assertTrue(message.contains("-Dspindle.blockedThreshold=<ms>"), message);
      StackTraceElement[] stack = warnings.get(0).getThrown().getStackTrace();
      assertTrue(Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("sleep")),
          "the loop thread was sampled inside Thread.sleep: " + Arrays.toString(stack));
      assertTrue(Arrays.stream(stack).anyMatch(frame -> frame.getMethodName()
              .equals("blockTheLoop") && frame.getClassName().equals(getClass().getName())),
          "the stack names the blocking method: " + Arrays.toString(stack));
      assertTrue(warnings.get(0).getThrown().getMessage()
          .startsWith("the stack of loop thread " + name + ", blocked for at least "));
    }
  }

  @Test
  void a_loop_idle_in_its_poll_longer_than_the_threshold_is_not_reported() throws Exception {
    String name = "idle";
    Promise<Void> stop = new Promise<>();
    CompletableFuture<Void> idle = new CompletableFuture<>();
    try (WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      CompletableFuture<Void> loop = startLoop(name, () -> {
        idle.complete(null); // main returns at once: from here the loop waits in its poll
        return stop.task();
      });
      idle.get(10, TimeUnit.SECONDS);
      // Rounds are at least threshold / 5 apart: 17 of them span over 3 thresholds of idling.
      awaitWatchdogRounds(17);
      stop.complete(null);
      loop.get(30, TimeUnit.SECONDS);

      assertEquals(List.of(), messages(log.at(Level.WARNING)));
    }
  }

  @Test
  void a_second_episode_gives_a_second_report() throws Exception {
    String name = "blocked-twice";
    try (WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      Promise<Void> done = new Promise<>();
      runLoop(name, () -> {
        blockTheLoop(log, 1);
        EventLoop.yieldNow().whenDone(turn -> { // the next turn: another episode
          blockTheLoop(log, 2);
          done.complete(null);
        });
      }, done);

      assertEquals(2, log.at(Level.WARNING).size(), messages(log.at(Level.WARNING)).toString());
      List<String> notes = messages(log.at(Level.INFO));
      assertEquals(1, notes.size(), "the first episode's end: " + notes);
      assertTrue(notes.get(0).startsWith("EventLoop[" + name + "] runs again after being blocked"
          + " for about "), notes.get(0));
    }
  }

  @Test
  void a_turn_spent_loading_a_class_is_warm_up_not_a_blocked_loop() throws Exception {
    String name = "loading-classes";
    try (WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      Promise<Void> stop = new Promise<>();
      CompletableFuture<Void> loaded = new CompletableFuture<>();
      CompletableFuture<Void> loop = startLoop(name, () -> {
        EventLoop.current().execute(() -> { // a task, in the loop's first turn
          try {
            new SlowClassLoader().loadClass("dev.spindle.loop.NoSuchClass");
            loaded.completeExceptionally(new AssertionError("loaded a class that is not there"));
          } catch (ClassNotFoundException expected) {
            loaded.complete(null);
          }
        });
        return stop.task();
      });
      loaded.get(30, TimeUnit.SECONDS);
      awaitWatchdogRounds(2); // it sees the loop move on (and poll), which ends the episode
      stop.complete(null);
      loop.get(30, TimeUnit.SECONDS);

      assertEquals(List.of(), messages(log.at(Level.WARNING)));
      List<String> notes = messages(log.at(Level.FINE));
      assertEquals(1, notes.size(), notes.toString());
      assertTrue(notes.get(0).matches("EventLoop\\[" + name + "] spent about \\d+ ms of one turn"
          + " loading or initialising classes \\(their first use: warm-up, not reported as a"
          + " blocked loop\\)"), notes.get(0));
    }
  }

  /** Finds no class, slowly: while the watchdog makes rounds spanning 3 thresholds. */
  private static final class SlowClassLoader extends ClassLoader {
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      try {
        awaitWatchdogRounds(17);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      throw new ClassNotFoundException(name);
    }
  }

  @Test
  void what_main_does_before_the_loop_turns_is_setup_not_a_blocked_loop() throws Exception {
    String name = "setting-up";
    try (WatchdogLog log = new WatchdogLog("EventLoop[" + name + "]")) {
      startLoop(name, () -> {
        try {
          awaitWatchdogRounds(17); // over 3 thresholds
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        return Task.completed();
      }).get(30, TimeUnit.SECONDS);

      assertEquals(List.of(), messages(log.at(Level.WARNING)));
    }
  }

  @Test
  void a_zero_threshold_watches_nothing() {
    assertNull(BlockedLoopWatchdog.watch("loop", Thread.currentThread(), new LoopActivity(),
        Duration.ZERO));
  }

  @Test
  void the_default_threshold_is_100_ms_or_the_property() {
    String before = System.getProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY);
    try {
      System.clearProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY);
      assertEquals(Duration.ofMillis(100), BlockedLoopWatchdog.defaultThreshold());
      System.setProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY, "250");
      assertEquals(Duration.ofMillis(250), BlockedLoopWatchdog.defaultThreshold());
      System.setProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY, "0");
      assertEquals(Duration.ZERO, BlockedLoopWatchdog.defaultThreshold());
      System.setProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY, "100ms");
      IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
          BlockedLoopWatchdog::defaultThreshold);
      assertEquals("-Dspindle.blockedThreshold must be a whole number of milliseconds, 0 to"
          + " turn the blocked-loop check off: \"100ms\"; for example"
          + " -Dspindle.blockedThreshold=100", wrong.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY);
      } else {
        System.setProperty(BlockedLoopWatchdog.THRESHOLD_PROPERTY, before);
      }
    }
  }

  @Test
  void a_negative_threshold_is_refused() {
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> EventLoop.builder().blockedThreshold(Duration.ofMillis(-1)));
    assertEquals("EventLoop.Builder.blockedThreshold(threshold) must be given zero (off) or a"
        + " positive duration: PT-0.001S; for example Duration.ofMillis(100)",
        wrong.getMessage());
  }

  /**
   * Holds the loop thread with {@code Thread.sleep} (the behaviour under test), 300 ms at a
   * time, until the watchdog has made its {@code reports}-th report: at least 300 ms, and never
   * a test that passes only because the machine was fast enough.
   */
  static void blockTheLoop(WatchdogLog log, int reports) {
    // (never inside main before the loop turns: that is setup, see runLoop)
    for (int tries = 0; tries < 100 && log.at(Level.WARNING).size() < reports; tries++) {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Runs a loop with a 100 ms threshold on a thread named {@code name}, with {@code task} queued
   * for its first turn (what main does before the loop turns is setup, never reported), until
   * it ends.
   */
  static void runLoop(String name, Runnable task) throws Exception {
    Promise<Void> done = new Promise<>();
    runLoop(name, () -> {
      task.run();
      done.complete(null);
    }, done);
  }

  /** The same, until {@code done} finishes. */
  static void runLoop(String name, Runnable task, Promise<Void> done) throws Exception {
    startLoop(name, () -> {
      EventLoop.current().execute(task);
      return done.task();
    }).get(30, TimeUnit.SECONDS);
  }

  /** Starts that loop; the future ends with it (failing with an assertion made on it). */
  private static CompletableFuture<Void> startLoop(String name, Supplier<Task<Void>> main) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    new Thread(() -> {
      try {
        EventLoop.builder().blockedThreshold(THRESHOLD).run(main);
        ended.complete(null);
      } catch (Throwable failure) {
        ended.completeExceptionally(failure);
      }
    }, name).start();
    return ended;
  }

  private static void awaitWatchdogRounds(int rounds) throws InterruptedException {
    CountDownLatch counted = new CountDownLatch(rounds);
    BlockedLoopWatchdog.afterRound = counted::countDown;
    try {
      assertTrue(counted.await(30, TimeUnit.SECONDS), "the watchdog made no " + rounds
          + " rounds in 30 s");
    } finally {
      BlockedLoopWatchdog.afterRound = null;
    }
  }

  private static List<String> messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).collect(java.util.stream.Collectors
        .toList());
  }
}
