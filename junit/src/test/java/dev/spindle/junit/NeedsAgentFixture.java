package dev.spindle.junit;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import org.junit.jupiter.api.Test;

/**
 * A user's test class, run only by {@link ChildLauncher} in the child JVMs of
 * {@link MissingAgentTest} (its name keeps Surefire from running it here).
 */
@SpindleTest
class NeedsAgentFixture {
  @Test
  void yields() {
    assertEquals(1, AsyncTests.run(() -> yieldOnce()));
  }

  @Async
  static Task<Integer> yieldOnce() {
    await(EventLoop.yieldNow());
    return Task.completed(1);
  }
}
