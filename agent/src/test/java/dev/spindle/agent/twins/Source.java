package dev.spindle.agent.twins;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What generated methods await. The async method calls {@code src.i(k)} and awaits the task; its
 * twin calls {@code src.vi(k)} and gets the value directly. The n-th request of a run yields the
 * same value (or the same failure) in both, as a function of the run's seed and n; the
 * {@link Delivery} decides only how the async method's task arrives.
 */
public final class Source {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final long seed;
  private final Delivery delivery;
  private final Trace trace;
  private final Executor otherThread;
  private int requests;
  private EventLoop loop;
  private String wrongThread;

  /** For a twin run: values only. */
  static Source forTwin(long seed, Delivery delivery, Trace trace) {
    return new Source(seed, delivery, trace, null);
  }

  /** For an async run; {@code otherThread} finishes tasks in the other-thread deliveries. */
  static Source forAsync(long seed, Delivery delivery, Trace trace, Executor otherThread) {
    return new Source(seed, delivery, trace, otherThread);
  }

  private Source(long seed, Delivery delivery, Trace trace, Executor otherThread) {
    this.seed = seed;
    this.delivery = delivery;
    this.trace = trace;
    this.otherThread = otherThread;
  }

  // ------------------------------------------------------------ async: tasks

  public Task<Integer> i(int site) {
    int n = request("i", site);
    return deliver(n, intValue(n));
  }

  public CompletionStage<Integer> ci(int site) {
    int n = request("ci", site);
    return stage(n, intValue(n));
  }

  public Task<Long> l(int site) {
    int n = request("l", site);
    return deliver(n, (long) intValue(n) * 1_000_003L);
  }

  public Task<Float> f(int site) {
    int n = request("f", site);
    return deliver(n, intValue(n) / 4f);
  }

  public Task<Double> d(int site) {
    int n = request("d", site);
    return deliver(n, intValue(n) / 8.0);
  }

  public Task<Boolean> b(int site) {
    int n = request("b", site);
    return deliver(n, (hash(n, 1) & 1) == 0);
  }

  public Task<String> s(int site) {
    int n = request("s", site);
    return deliver(n, "s" + intValue(n));
  }

  public Task<Object> o(int site) {
    int n = request("o", site);
    return deliver(n, objectValue(n));
  }

  // ------------------------------------------------------------ twin: values

  public Integer vi(int site) {
    int n = request("i", site);
    return value(n, intValue(n));
  }

  public Integer vci(int site) {
    int n = request("ci", site);
    return value(n, intValue(n));
  }

  public Long vl(int site) {
    int n = request("l", site);
    return value(n, (long) intValue(n) * 1_000_003L);
  }

  public Float vf(int site) {
    int n = request("f", site);
    return value(n, intValue(n) / 4f);
  }

  public Double vd(int site) {
    int n = request("d", site);
    return value(n, intValue(n) / 8.0);
  }

  public Boolean vb(int site) {
    int n = request("b", site);
    return value(n, (hash(n, 1) & 1) == 0);
  }

  public String vs(int site) {
    int n = request("s", site);
    return value(n, "s" + intValue(n));
  }

  public Object vo(int site) {
    int n = request("o", site);
    return value(n, objectValue(n));
  }

  // ------------------------------------------------------------ the plan

  /** The first request made off the loop the method started on, or {@code null}. */
  String wrongThread() {
    return wrongThread;
  }

  private int request(String kind, int site) {
    int n = requests++;
    trace.event("await " + kind + site + "#" + n);
    if (otherThread != null && !delivery.withoutLoop) {
      EventLoop current = EventLoop.currentOrNull();
      if (loop == null) {
        loop = current;
      }
      if ((current == null || current != loop) && wrongThread == null) {
        wrongThread = "request " + n + " (site " + site + ") ran on "
            + Thread.currentThread().getName() + ", not on the method's event loop";
      }
    }
    return n;
  }

  private int intValue(int n) {
    return (int) Math.floorMod(hash(n, 2), 41L) - 12;
  }

  private Object objectValue(int n) {
    int choice = (int) Math.floorMod(hash(n, 3), 3L);
    return choice == 0 ? (Object) intValue(n) : choice == 1 ? "o" + intValue(n)
        : new Holder(n, "h");
  }

  private boolean fails(int n) {
    return delivery.failOneIn != 0 && Math.floorMod(hash(n, 4), (long) delivery.failOneIn) == 0;
  }

  private SourceFailure failure(int n) {
    return new SourceFailure("request #" + n + " failed");
  }

  private <T> T value(int n, T value) {
    if (fails(n)) {
      throw failure(n);
    }
    return value;
  }

  private enum Way { DONE, LATER_ON_LOOP, OTHER_THREAD }

  private Way way(int n) {
    switch (delivery) {
      case DONE:
        return Way.DONE;
      case LATER_ON_LOOP:
        return Way.LATER_ON_LOOP;
      case OTHER_THREAD:
        return Way.OTHER_THREAD;
      case NO_LOOP:
        return (hash(n, 5) & 1) == 0 ? Way.DONE : Way.OTHER_THREAD;
      default:
        return Way.values()[(int) Math.floorMod(hash(n, 5), 3L)];
    }
  }

  private <T> Task<T> deliver(int n, T value) {
    boolean fail = fails(n);
    Way way = way(n);
    if (way == Way.DONE) {
      return fail ? Task.failed(failure(n)) : Task.completed(value);
    }
    Promise<T> promise = new Promise<>();
    Runnable finish = () -> {
      if (fail) {
        promise.fail(failure(n));
      } else {
        promise.complete(value);
      }
    };
    (way == Way.LATER_ON_LOOP ? EventLoop.current() : otherThread).execute(finish);
    return promise.task();
  }

  private <T> CompletionStage<T> stage(int n, T value) {
    boolean fail = fails(n);
    Way way = way(n);
    if (way == Way.DONE) {
      return fail ? CompletableFuture.failedFuture(failure(n))
          : CompletableFuture.completedFuture(value);
    }
    CompletableFuture<T> future = new CompletableFuture<>();
    Runnable finish = () -> {
      if (fail) {
        future.completeExceptionally(failure(n));
      } else {
        future.complete(value);
      }
    };
    (way == Way.LATER_ON_LOOP ? EventLoop.current() : otherThread).execute(finish);
    return future;
  }

  private long hash(int n, int purpose) {
    long z = seed + GOLDEN * (n * 8L + purpose + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
