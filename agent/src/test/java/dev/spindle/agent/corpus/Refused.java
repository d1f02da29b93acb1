package dev.spindle.agent.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;

/**
 * A class with one method the agent must refuse (an await while holding a monitor: resuming on
 * another thread could not hold it) beside methods it must keep working.
 */
public final class Refused {
  public static final int LINE_OF_LOCKED_AWAIT = 21;
  public static int initialized = 42;

  private Refused() {}

  @Async
  public static Task<Integer> lockedAwait(Object lock, Task<Integer> task) {
    synchronized (lock) {
      return Task.completed(await(task) + 1); // line 21
    }
  }

  @Async
  public static Task<Integer> plusOne(Task<Integer> task) {
    return Task.completed(await(task) + 1);
  }

  public static int plain() {
    return 7;
  }
}
