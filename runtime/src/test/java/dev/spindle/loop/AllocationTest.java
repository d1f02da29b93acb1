package dev.spindle.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.internal.frame.AsyncFrame;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A suspended call that resumes on its loop costs no allocation per suspension and per turn:
 * the frame is reused, the run queue is an array, the selector is polled with a reused action.
 */
class AllocationTest {
  private static final int RESUMES = 1_000_000;

  @Test
  @Timeout(60)
  void aMillionSuspensionsAndResumesOnTheLoopAllocateNothingPerResume() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] allocated = new long[2];
    int[] count = {0};
    int resumed = EventLoop.run(() -> {
      Promise<Integer> done = new Promise<>();
      Task<Void> finished = Task.completed();
      // Always-suspend mode: every await suspends, even on a finished task, and is resumed by
      // the loop through the run queue (and a selector poll every few thousand resumes).
      AsyncFrame<Void> frame = AsyncFrame.create(self -> {
        if (++count[0] == 10_000) {
          allocated[0] = threads.getCurrentThreadAllocatedBytes(); // after warm-up
        }
        if (count[0] == 10_000 + RESUMES) {
          allocated[1] = threads.getCurrentThreadAllocatedBytes();
          done.complete(count[0]);
          return;
        }
        self.awaited();
        self.suspend(1, finished);
      }, 0, 0);
      frame.suspend(1, finished);
      return done.task();
    });
    assertEquals(10_000 + RESUMES, resumed);
    long perResume = (allocated[1] - allocated[0]) / RESUMES;
    assertTrue(allocated[1] - allocated[0] < 64 << 10, // one object per resume would be 16 MB
        "allocated " + (allocated[1] - allocated[0]) + " bytes over " + RESUMES + " resumes ("
            + perResume + " per resume)");
  }
}
