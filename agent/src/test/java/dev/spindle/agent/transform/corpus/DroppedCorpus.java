package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** @Async calls whose failing tasks are dropped, and one whose failing task is awaited. */
public final class DroppedCorpus {
  private DroppedCorpus() {}

  @Async
  public static Task<String> failsAtOnce(RuntimeException failure) {
    if (failure != null) {
      throw failure; // before any await: the call returns a failed task
    }
    return Task.completed("not failed");
  }

  @Async
  public static Task<String> failsAfterAwaiting(Source s, RuntimeException failure) {
    String value = await(s.of("awaited"));
    if (failure != null) {
      throw failure; // after an await: in LATER mode the frame fails, later, on the loop
    }
    return Task.completed(value);
  }

  @Async
  public static Task<String> dropsFailingCalls(Source s, RuntimeException atOnce,
      RuntimeException afterAwaiting) {
    failsAtOnce(atOnce); // dropped
    failsAfterAwaiting(s, afterAwaiting); // dropped
    return Task.completed(await(s.of("went on")));
  }

  @Async
  public static Task<String> awaitsFailingCalls(Source s, RuntimeException atOnce,
      RuntimeException afterAwaiting) {
    String seen = "";
    try {
      await(failsAtOnce(atOnce));
    } catch (RuntimeException e) {
      seen += "caught " + e.getMessage();
    }
    try {
      await(failsAfterAwaiting(s, afterAwaiting));
    } catch (RuntimeException e) {
      seen += ", caught " + e.getMessage();
    }
    return Task.completed(seen);
  }
}
