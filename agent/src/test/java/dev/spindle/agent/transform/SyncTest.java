package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.agent.transform.corpus.SyncCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code TaskScope} and {@code dev.spindle.sync} with real rewritten {@code @Async} code (the
 * runtime's own tests use plain tasks): cancellation reaches the finally blocks of children and
 * grandchildren, a cancelled receive takes nothing, select and mutex across awaits.
 */
@Timeout(20)
class SyncTest {
  private static final Corpus CORPUS = Corpus.load(SyncCorpus.class, Mode.LATER);

  @Test
  void theFirstFailureRunsTheFinallyBlocksOfTheBodyChildrenAndGrandchildren() throws Throwable {
    List<String> log = new CopyOnWriteArrayList<>();
    assertEquals("scope failed: second child failed",
        CORPUS.run("firstFailureCancelsTheTree", log));
    List<String> sorted = new ArrayList<>(log);
    sorted.sort(null);
    assertEquals(List.of("body's finally", "child scope's body's finally",
        "grandchild's finally"), sorted);
  }

  @Test
  void aCancelledReceiveRunsItsFinallyAndLeavesTheItem() throws Throwable {
    List<String> log = new CopyOnWriteArrayList<>();
    assertEquals("kept", CORPUS.run("cancelledReceiveLeavesTheItem", log));
    assertEquals(List.of("receive's finally", "receiving cancelled: true"), log);
  }

  @Test
  void aSelectLoopReceivesEveryItemOnce() throws Throwable {
    @SuppressWarnings("unchecked")
    List<String> got = (List<String>) CORPUS.run("selectUntilBothClose");
    List<String> sorted = new ArrayList<>(got);
    sorted.sort(null);
    assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2"), sorted);
  }

  @Test
  void aMutexHeldAcrossAwaitsLetsOneCallInAtATimeInArrivalOrder() throws Throwable {
    assertEquals(List.of("x in", "x out", "y in", "y out", "z in", "z out"),
        CORPUS.run("mutexAcrossAwaits"));
  }
}
