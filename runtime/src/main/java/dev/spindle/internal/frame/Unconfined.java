package dev.spindle.internal.frame;

import java.util.ArrayDeque;

/**
 * Runs frames that suspended outside any event loop, on whichever thread wakes them, one at a
 * time per thread: a frame woken while another runs on this thread is queued, not nested, so a
 * long chain of completions never deepens the stack (as Kotlin's {@code Dispatchers.Unconfined}
 * keeps an event loop per thread).
 */
final class Unconfined {
  private static final ThreadLocal<ArrayDeque<Runnable>> QUEUE = new ThreadLocal<>();

  private Unconfined() {}

  static void schedule(Runnable frame) {
    ArrayDeque<Runnable> queue = QUEUE.get();
    if (queue != null) {
      queue.addLast(frame);
      return;
    }
    queue = new ArrayDeque<>();
    QUEUE.set(queue);
    try {
      for (Runnable next = frame; next != null; next = queue.pollFirst()) {
        next.run();
      }
    } finally {
      QUEUE.remove();
    }
  }
}
