package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** Methods whose failures after a resumption must point at their own source lines. */
public final class DebugCorpus {
  private DebugCorpus() {}

  @Async
  public static Task<String> throwsAfterResume(Source s) {
    String value = await(s.of("v"));
    int length = value.length();
    throw new IllegalStateException("after " + length); // MARK throw-after-resume
  }

  @Async
  public static Task<Integer> nullPointerAfterResume(Source s, boolean missing) {
    String maybe = missing ? null : "present";
    int offset = await(s.of(1));
    return Task.completed(maybe.length() + offset); // MARK npe-after-resume
  }
}
