package dev.spindle.junit;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import org.junit.jupiter.api.Test;

/**
 * A user's test class woven at build time: {@link MissingAgentTest} rewrites its class file
 * ahead of the class path of a child JVM that allows no agent (its name keeps Surefire from
 * running it here).
 */
@SpindleTest
class WovenFixture {
  @Test
  void yields() {
    assertEquals(2, AsyncTests.run(() -> yieldTwice()));
  }

  @Async
  static Task<Integer> yieldTwice() {
    await(EventLoop.yieldNow());
    await(EventLoop.yieldNow());
    return Task.completed(2);
  }
}
