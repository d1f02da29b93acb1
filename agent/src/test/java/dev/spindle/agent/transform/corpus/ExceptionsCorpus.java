package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.ArrayList;
import java.util.List;

/** try/catch/finally and try-with-resources with await in each part; returns through finally. */
public final class ExceptionsCorpus {
  private ExceptionsCorpus() {}

  /** Records what ran, in order, so tests can compare with plain Java. */
  public static final class Trace implements AutoCloseable {
    public final List<String> events = new ArrayList<>();
    final String name;

    public Trace(String name) {
      this.name = name;
    }

    public Trace add(String event) {
      events.add(event);
      return this;
    }

    @Override
    public void close() {
      events.add("close " + name);
    }
  }

  @Async
  public static Task<String> awaitInTryCatchAndFinally(Source s, boolean fail) {
    List<String> events = new ArrayList<>();
    try {
      events.add("try " + await(fail ? s.fail(new IllegalStateException("io")) : s.of("ok")));
    } catch (IllegalStateException e) {
      events.add("catch " + e.getMessage() + await(s.of("+")));
    } finally {
      events.add("finally " + await(s.of(1)));
    }
    return Task.completed(String.join(", ", events));
  }

  @Async
  public static Task<String> earlyReturnThroughFinally(Source s, Trace trace, int n) {
    try {
      for (int i = 0; ; i++) {
        trace.add("i" + await(s.of(i)));
        if (i == n) {
          return Task.completed("returned at " + i);
        }
      }
    } finally {
      trace.add("finally " + await(s.of("done")));
    }
  }

  @Async @SuppressWarnings("try") // an unused resource, closed all the same; one line: lines matter
  public static Task<String> tryWithResources(Source s, Trace trace, boolean fail) {
    try (Trace first = new Trace("first"); Trace second = new Trace("second")) {
      first.events.addAll(List.of());
      trace.add("body " + await(s.of("b")));
      if (fail) {
        throw new IllegalStateException("inside");
      }
      trace.add("after " + await(s.of("a")));
    } catch (IllegalStateException e) {
      trace.add("caught " + e.getMessage() + " " + await(s.of("c")));
    }
    return Task.completed(String.join(", ", trace.events));
  }

  @Async
  public static Task<String> resourceClosedAfterAwait(Source s, Trace trace) {
    try (Trace resource = trace) {
      resource.add("use " + await(s.of(1)));
    }
    return Task.completed(String.join(", ", trace.events));
  }

  @Async
  public static Task<String> nestedTryBlocks(Source s) {
    StringBuilder out = new StringBuilder();
    try {
      try {
        out.append(await(s.of("a")));
        await(s.fail(new ArithmeticException("inner")));
      } finally {
        out.append(await(s.of("f1")));
      }
    } catch (ArithmeticException e) {
      out.append(e.getMessage());
      try {
        await(s.fail(new UnsupportedOperationException("again")));
      } catch (RuntimeException again) {
        out.append(again.getMessage()).append(await(s.of("!")));
      }
    }
    return Task.completed(out.toString());
  }

  @Async
  public static Task<String> checkedExceptionFromATask(Source s) throws Exception {
    try {
      return Task.completed(await(s.<String>fail(new Exception("checked"))));
    } catch (Exception e) {
      return Task.completed("got " + e.getMessage());
    }
  }

  @Async
  public static Task<String> uncaughtAfterResume(Source s) {
    String value = await(s.of("v"));
    throw new IllegalArgumentException("thrown after " + value);
  }

  @Async
  public static Task<Integer> errorsFailTheTaskToo(Source s) {
    await(s.of(0));
    throw new StackOverflowError("an Error");
  }

  @Async
  public static Task<String> rethrowFromCatch(Source s) {
    try {
      await(s.fail(new IllegalStateException("original")));
      return Task.completed("no");
    } catch (IllegalStateException e) {
      await(s.of(0));
      throw e;
    }
  }

  @Async
  public static Task<String> suspendedUntilCancelled(Source s, Trace trace) {
    try {
      trace.add("before " + await(s.of(1)));
      await(s.never());
      trace.add("not reached");
      return Task.completed("not reached");
    } catch (java.util.concurrent.CancellationException e) {
      trace.add("caught " + e.getMessage());
      throw e;
    } finally {
      trace.add("finally");
    }
  }

  /**
   * An exception escapes a {@code synchronized} block into a catch that awaits: javac's
   * catch-any handler released the monitor before the catch runs, so this is not refused.
   */
  @Async
  public static Task<String> awaitInACatchAfterSynchronized(Source s, Object lock, boolean fail) {
    String before = await(s.of("before"));
    try {
      synchronized (lock) {
        if (fail) {
          throw new IllegalStateException("inside");
        }
      }
    } catch (IllegalStateException escaped) {
      return Task.completed(before + ", caught " + escaped.getMessage() + " "
          + await(s.of("after")) + ", held " + Thread.holdsLock(lock));
    }
    return Task.completed(before + ", " + await(s.of("no failure")));
  }
}
