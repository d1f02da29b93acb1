package dev.spindle.agent.transform.refused;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.function.Supplier;

/** Methods the rewriter must refuse, next to one it must still rewrite. Lines are marked. */
public class RefusedCorpus {
  private static final Object LOCK = new Object();

  @Async
  public static Task<Integer> awaitInSynchronizedBlock(Source s) {
    synchronized (LOCK) {
      return Task.completed(await(s.of(1))); // MARK sync-block
    }
  }

  @Async
  public static synchronized Task<Integer> synchronizedMethod(Source s) {
    return Task.completed(await(s.of(2))); // MARK sync-method
  }

  @Async
  public static Task<Integer> awaitInLambda(Source s) {
    Supplier<Integer> lambda = () -> await(s.of(3)); // MARK lambda
    return Task.completed(lambda.get());
  }

  /** An async lambda that awaits under a monitor: refused alone. */
  public static Supplier<Task<String>> asyncLambdaInSynchronizedBlock(Source s) {
    return () -> {
      synchronized (LOCK) {
        return Task.completed(await(s.of("locked"))); // MARK lambda-sync
      }
    };
  }

  /** An async lambda next to the refused one: still rewritten. */
  public static Supplier<Task<String>> asyncLambdaBeside(Source s) {
    return () -> Task.completed("beside " + await(s.of("fine")));
  }

  public static int notAsync(Source s) {
    return await(s.of(4)); // MARK not-async
  }

  @Async
  public static int notReturningTask(Source s) { // MARK not-task
    return 5;
  }

  @Async
  public static Task<String> stillRewritten(Source s) {
    return Task.completed("fine " + await(s.of(6)));
  }

  /** An anonymous class's method that awaits without being @Async. */
  public static Supplier<String> anonymous(Source s) {
    return new Supplier<String>() {
      @Override
      public String get() {
        return await(s.of("anonymous")); // MARK anonymous
      }
    };
  }

  /** Abstract and native methods cannot be rewritten. */
  public abstract static class Shapes {
    @Async
    public abstract Task<Integer> area(); // MARK abstract

    @Async
    public native Task<Integer> perimeter(); // MARK native
  }
}
