package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.EventLoop;
import dev.spindle.ManualClock;
import dev.spindle.Task;
import dev.spindle.task.Handoff;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code orTimeout} of a hand-off whose item was decided just as the time-out fired (a receive
 * claimed on another thread, not yet completed): the cancel is refused, so the timed task waits
 * for the item instead of failing with it lost.
 */
class TimeoutOfAHandoffTest {
  @Test
  void aTimeOutThatCannotCancelAHandoffTakesItsValue() {
    ManualClock clock = new ManualClock();
    Claimed claimed = new Claimed();
    String value = EventLoop.builder().clock(clock).run(() -> {
      Task<String> bounded = claimed.orTimeout(Duration.ofSeconds(1));
      clock.advance(Duration.ofSeconds(1));
      EventLoop.current().execute(() -> {
        assertFalse(bounded.isDone(), "the time-out fired, but the item is on its way");
        claimed.arrive("the item");
      });
      return bounded;
    });
    assertEquals("the item", value);
  }

  /** Stands for a receive whose item another thread has claimed and is about to hand over. */
  private static final class Claimed extends Task<String> implements Handoff {
    void arrive(String item) {
      completeValue(item);
    }

    @Override
    public boolean cancel() {
      return false; // as Waiting.cancel() once claimed
    }
  }
}
