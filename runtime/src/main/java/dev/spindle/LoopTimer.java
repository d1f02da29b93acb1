package dev.spindle;

import dev.spindle.timer.Timer;
import dev.spindle.timer.Timers;
import java.util.concurrent.Executor;

/** A timer of {@link EventLoop#runAfter}: the heap's entry and the user's handle in one object. */
final class LoopTimer extends Timer implements TimerHandle {
  LoopTimer(long deadline, Runnable action, Timers owner, Executor loop, Thread loopThread) {
    super(deadline, action, owner, loop, loopThread);
  }
}
