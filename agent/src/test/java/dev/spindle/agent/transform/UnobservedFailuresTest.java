package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.EventLoop;
import dev.spindle.agent.transform.corpus.DroppedCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The task of a failing {@code @Async} call that the caller drops is reported once it is
 * collected, whether it failed before its first await or after; one the caller awaits is not.
 * Real agent-rewritten classes, in every delivery mode.
 */
@Timeout(60)
class UnobservedFailuresTest {
  private static final long LIMIT_SECONDS = 20;
  private final LinkedBlockingQueue<Throwable> reported = new LinkedBlockingQueue<>();

  @AfterEach
  void restoreDefault() {
    EventLoop.setUncaughtFailureHandler(null);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aDroppedFailingCallIsReportedOnceAndAnAwaitedOneNever(Mode mode) throws Throwable {
    EventLoop.setUncaughtFailureHandler((task, failure) -> reported.add(failure));
    Corpus corpus = Corpus.load(DroppedCorpus.class, mode);
    RuntimeException droppedAtOnce = new IllegalStateException("dropped at once");
    RuntimeException droppedLater = new IllegalStateException("dropped after awaiting");
    RuntimeException awaitedAtOnce = new IllegalStateException("awaited at once");
    RuntimeException awaitedLater = new IllegalStateException("awaited after awaiting");

    assertEquals("went on", corpus.run("dropsFailingCalls", corpus.source(), droppedAtOnce,
        droppedLater));
    assertEquals("caught awaited at once, caught awaited after awaiting",
        corpus.run("awaitsFailingCalls", corpus.source(), awaitedAtOnce, awaitedLater));

    List<Throwable> seen = new ArrayList<>();
    collectUntilReported(droppedAtOnce, seen);
    collectUntilReported(droppedLater, seen);
    RuntimeException sentinel = dropSentinel(corpus);
    collectUntilReported(sentinel, seen); // any report still owed came before
    reported.drainTo(seen);
    assertEquals(1, count(seen, droppedAtOnce), "reported once: " + seen);
    assertEquals(1, count(seen, droppedLater), "reported once: " + seen);
    assertEquals(0, count(seen, awaitedAtOnce), "awaited, so never reported: " + seen);
    assertEquals(0, count(seen, awaitedLater), "awaited, so never reported: " + seen);
  }

  /** A failed call dropped outside any loop, after the ones under test. */
  private static RuntimeException dropSentinel(Corpus corpus) throws Exception {
    RuntimeException sentinel = new IllegalStateException("sentinel");
    Method failsAtOnce = corpus.type().getMethod("failsAtOnce", RuntimeException.class);
    failsAtOnce.invoke(null, sentinel); // its failed task dropped at once
    return sentinel;
  }

  /**
   * {@code System.gc()} until {@code failure} is reported, polling every 10 ms for at most
   * {@link #LIMIT_SECONDS}; what else is reported meanwhile goes to {@code seen}.
   */
  private void collectUntilReported(Throwable failure, List<Throwable> seen)
      throws InterruptedException {
    if (seen.contains(failure)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
    while (System.nanoTime() - deadline < 0) {
      System.gc();
      for (Throwable next; (next = reported.poll(10, TimeUnit.MILLISECONDS)) != null; ) {
        seen.add(next);
        if (next == failure) {
          return;
        }
      }
    }
    fail("no report of " + failure + " within " + LIMIT_SECONDS + " s; seen " + seen);
  }

  private static long count(List<Throwable> seen, Throwable failure) {
    return seen.stream().filter(t -> t == failure).count();
  }
}
