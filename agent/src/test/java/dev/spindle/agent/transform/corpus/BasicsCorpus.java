package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** Locals, operand-stack values and try/catch across await: the first shapes the rewriter met. */
public final class BasicsCorpus {
  private BasicsCorpus() {}

  @Async
  public static Task<Integer> addTwo(Source s, int a) {
    int b = await(s.of(10));
    int c = await(s.of(20));
    return Task.completed(a + b + c);
  }

  @Async
  public static Task<Integer> stackOperand(Source s, int a) {
    return Task.completed(a * 100 + await(s.of(7)));
  }

  @Async
  public static Task<String> catchesFailure(Source s) {
    try {
      await(s.fail(new IllegalArgumentException("boom")));
      return Task.completed("not reached");
    } catch (IllegalArgumentException e) {
      String tail = await(s.of("!"));
      return Task.completed("caught " + e.getMessage() + tail);
    }
  }

  @Async
  public static Task<Void> noAwait() {
    return Task.completed();
  }

  @Async
  public static Task<Integer> throwsBeforeAwait(Source s) {
    throw new UnsupportedOperationException("early");
  }

  /** Awaits an already finished task {@code n} times: the fast path. */
  @Async
  public static Task<Integer> fastPathLoop(Task<Integer> done, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += await(done);
    }
    return Task.completed(sum);
  }

  @Async
  public static Task<String> threadsAroundAwait(Source s) {
    String before = Thread.currentThread().getName();
    await(s.of(0));
    return Task.completed(before + " -> " + Thread.currentThread().getName());
  }

  /** {@code payload} is live across the first await only: the frame must let go of it. */
  @Async
  public static Task<Integer> releasesWhatIsNoLongerLive(Source s,
      java.util.List<java.lang.ref.WeakReference<Object>> watch, Task<Void> gate) {
    Object payload = new Object();
    watch.add(new java.lang.ref.WeakReference<>(payload));
    await(s.of(0));
    int hash = payload.hashCode();
    await(gate);
    return Task.completed(hash == 0 ? 0 : 1);
  }
}
