package dev.spindle.agent.transform;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.RecursionCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * Run in a child JVM by {@link RecursionDepthTest}: prints how deep {@code RecursionCorpus.chain}
 * (rewritten, its deepest level suspending) and {@code plainChain} go on threads of the same
 * stack size, as {@code plain N} and {@code rewritten M}.
 */
public final class RecursionDepthProbe {
  private RecursionDepthProbe() {}

  public static void main(String[] arguments) throws Exception {
    long stackBytes = Long.parseLong(arguments[0]);
    Corpus corpus = Corpus.load(RecursionCorpus.class, Mode.LATER);
    Method chain = corpus.type().getMethod("chain", Source.class, int.class);
    Method plain = corpus.type().getMethod("plainChain", int.class);
    IntPredicate plainReaches = depth -> onStack(stackBytes, () -> ((Task<?>) invoke(plain, depth))
        .resultNow().equals((long) depth + 1));
    @SuppressWarnings("unchecked")
    IntPredicate chainReaches = depth -> onStack(stackBytes, () -> EventLoop.run(
        () -> (Task<Long>) invoke(chain, corpus.source(), depth)).equals((long) depth + 1));
    System.out.println("plain " + deepest(plainReaches));
    System.out.println("rewritten " + deepest(chainReaches));
  }

  /** The largest depth that still completes, by doubling then bisecting. */
  private static int deepest(IntPredicate reaches) {
    int good = 0;
    int bad = 64;
    while (reaches.test(bad)) {
      good = bad;
      bad *= 2;
    }
    while (bad - good > 1) {
      int middle = (good + bad) >>> 1;
      if (reaches.test(middle)) {
        good = middle;
      } else {
        bad = middle;
      }
    }
    return good;
  }

  private interface Attempt {
    boolean run() throws Throwable;
  }

  /** Runs {@code attempt} on a new thread of {@code stackBytes}: false if its stack ran out. */
  private static boolean onStack(long stackBytes, Attempt attempt) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> reached = new AtomicReference<>(false);
    Thread thread = new Thread(null, () -> {
      try {
        reached.set(attempt.run());
      } catch (Throwable error) {
        failure.set(error);
      }
    }, "recursion-depth", stackBytes);
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    Throwable error = failure.get();
    if (error != null && !(error instanceof StackOverflowError)) {
      throw new AssertionError("not a stack overflow", error);
    }
    if (error != null && System.getProperty("probe.trace") != null) {
      StackTraceElement[] trace = error.getStackTrace();
      System.out.println("overflow at " + (trace.length > 0 ? trace[0] : "?") + " .. "
          + java.util.Arrays.stream(trace).limit(12).map(String::valueOf)
              .reduce((a, b) -> a + "\n   " + b).orElse(""));
    }
    return reached.get();
  }

  private static Object invoke(Method method, Object... arguments) {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }
}
