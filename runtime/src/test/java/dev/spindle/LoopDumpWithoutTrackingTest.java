package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without {@code -Dspindle.debug=true} (as this module's tests run) the dump says how to get one. */
@Timeout(10)
class LoopDumpWithoutTrackingTest {
  @Test
  void the_dump_says_how_to_turn_tracking_on() {
    String dump = EventLoop.run(() -> Task.completed(EventLoop.current().dump()));
    assertEquals("EventLoop[" + Thread.currentThread().getName() + "]: suspended tasks are not"
        + " tracked; run with -Dspindle.debug=true to list them here\n", dump);
  }
}
