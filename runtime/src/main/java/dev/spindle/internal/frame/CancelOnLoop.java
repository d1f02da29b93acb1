package dev.spindle.internal.frame;

import dev.spindle.task.Scheduler;
import java.util.concurrent.RejectedExecutionException;

/**
 * A cancel of a suspended call made on another thread, run on the call's loop: only the loop
 * thread reads what a frame awaits (so the loop writes it without a fence). Its own class, so that
 * loading {@link AsyncFrame} loads nothing the common path does not need.
 */
final class CancelOnLoop implements Runnable {
  private final AsyncFrame<?> frame;

  private CancelOnLoop(AsyncFrame<?> frame) {
    this.frame = frame;
  }

  static void post(Scheduler loop, AsyncFrame<?> frame) {
    try {
      loop.execute(new CancelOnLoop(frame));
    } catch (RejectedExecutionException stopped) {
      // the loop has stopped: nothing will run the frame again
    }
  }

  @Override
  public void run() {
    frame.cancelAwaited();
  }
}
