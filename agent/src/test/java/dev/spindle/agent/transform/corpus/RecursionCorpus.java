package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** One recursion written twice: awaiting each level, and as plain Java calls. */
public final class RecursionCorpus {
  private RecursionCorpus() {}

  /** Each level awaits the next; the deepest awaits {@code s}, which may suspend. */
  @Async
  public static Task<Long> chain(Source s, int depth) {
    if (depth == 0) {
      return Task.completed(await(s.of(1L)));
    }
    return Task.completed(await(chain(s, depth - 1)) + 1);
  }

  /** The same method without await: each level reads the next one's finished task. */
  public static Task<Long> plainChain(int depth) {
    if (depth == 0) {
      return Task.completed(1L);
    }
    return Task.completed(plainChain(depth - 1).resultNow() + 1);
  }
}
