package dev.spindle.internal.frame;

import dev.spindle.task.Scheduler;
import dev.spindle.Task;
import dev.spindle.task.WaitDescription;
import java.util.concurrent.Executor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code EventLoop.dump()}: one entry per task suspended on the loop, oldest first, each
 * a chain of suspended {@code @Async} calls innermost first (as a stack trace reads) under a
 * line that says what the innermost one awaits. A call that another suspended call awaits is
 * shown in that call's chain only.
 */
final class LoopDump {
  /** A chain longer than this is cut (it would only be a cycle or a runaway recursion). */
  private static final int MAX_CHAIN = 1024;

  private LoopDump() {}

  static String of(Executor loop, Scheduler scheduler, long loopNow,
      Map<AsyncFrame<?>, Long> suspended) {
    long now = System.nanoTime();
    List<Map.Entry<AsyncFrame<?>, Long>> mine = new ArrayList<>();
    for (Map.Entry<AsyncFrame<?>, Long> entry : suspended.entrySet()) {
      if (entry.getKey().loop() == scheduler) {
        mine.add(Map.entry(entry.getKey(), entry.getValue()));
      }
    }
    mine.sort(Map.Entry.comparingByValue());
    Set<Object> awaitedByAnother = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<AsyncFrame<?>, Long> entry : mine) {
      awaitedByAnother.add(entry.getKey().awaitedTask());
    }
    StringBuilder text = new StringBuilder();
    int task = 0;
    StringBuilder body = new StringBuilder();
    for (Map.Entry<AsyncFrame<?>, Long> entry : mine) {
      AsyncFrame<?> root = entry.getKey();
      if (awaitedByAnother.contains(root)) {
        continue;
      }
      task++;
      List<AsyncFrame<?>> chain = chain(root);
      AsyncFrame<?> innermost = chain.get(chain.size() - 1);
      body.append("Task ").append(task).append(", suspended ")
          .append(TimeUnit.NANOSECONDS.toMillis(now - entry.getValue())).append(" ms ago: awaits ")
          .append(awaits(innermost, suspended, loopNow)).append('\n');
      for (int i = chain.size() - 1; i >= 0; i--) {
        AsyncFrame<?> frame = chain.get(i);
        body.append("    at ").append(FrameSites.of(frame.resumer()).at(
            frame.hasReturned() ? 0 : frame.state)).append('\n');
      }
    }
    text.append(loop).append(": ").append(task).append(task == 1 ? " task" : " tasks")
        .append(" suspended, ").append(mine.size()).append(" @Async calls in all, oldest first")
        .append('\n').append(body);
    return text.toString();
  }

  /** {@code root}, then each suspended call it awaits, through other calls, innermost last. */
  private static List<AsyncFrame<?>> chain(AsyncFrame<?> root) {
    List<AsyncFrame<?>> chain = new ArrayList<>();
    Set<AsyncFrame<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (AsyncFrame<?> frame = root; frame != null && seen.add(frame)
        && chain.size() < MAX_CHAIN; ) {
      chain.add(frame);
      Task<?> awaited = frame.awaitedTask();
      frame = awaited instanceof AsyncFrame ? (AsyncFrame<?>) awaited : null;
    }
    return chain;
  }

  /** What the innermost call of a chain waits for. */
  private static String awaits(AsyncFrame<?> frame, Map<AsyncFrame<?>, Long> suspended,
      long loopNow) {
    if (!suspended.containsKey(frame)) {
      return "nothing: the call is resuming (queued on its loop, or running now)";
    }
    String what = describe(frame.awaitedTask(), loopNow);
    return frame.hasReturned() ? "the task it returned, " + what : what;
  }

  static String describe(Task<?> task, long loopNow) {
    if (task == null) {
      return "nothing (the call is resuming)";
    }
    if (AsyncFrame.isNextTurn(task)) {
      return "the loop's next turn (EventLoop.yieldNow())";
    }
    if (task instanceof WaitDescription) {
      return ((WaitDescription) task).describeWait(loopNow);
    }
    return task.toString();
  }
}
