package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Async lambdas: lambda bodies that return {@code Task} and await, in the shapes the issue names
 * (spawned, mapped over a stream, nested, in loops and {@code try}, capturing locals and
 * {@code this}), through JDK and user functional interfaces. Lines are marked.
 */
public class LambdasCorpus {
  private final String name;
  private int calls;

  public LambdasCorpus(String name) {
    this.name = name;
  }

  /** A user functional interface with primitive parameters and a primitive-laden result. */
  public interface Step {
    Task<Long> apply(int times, long base, double scale);
  }

  @Async
  public static Task<Integer> spawned(Source s) {
    Supplier<Task<Integer>> work = () -> {
      int a = await(s.of(1));
      int b = await(s.of(2));
      return Task.completed(a + b);
    };
    Task<Integer> child = EventLoop.spawn(work.get());
    return Task.completed(await(child) * 10);
  }

  /** Not @Async itself: the lambdas are, and the method only combines their tasks. */
  public static Task<List<String>> mappedOverAStream(Source s, List<String> urls) {
    List<Task<String>> pages = urls.stream()
        .map(u -> {
          String body = await(s.of("<" + u + ">"));
          return Task.completed(body.toUpperCase());
        })
        .collect(Collectors.toList());
    return Task.all(pages);
  }

  @Async
  public static Task<String> nested(Source s, String prefix) {
    String local = await(s.of("-"));
    Function<String, Task<String>> outer = a -> {
      String first = await(s.of(a + local));
      Supplier<Task<String>> inner = () -> {
        String second = await(s.of(first + prefix));
        return Task.completed(second + await(s.of("!")));
      };
      return Task.completed("[" + await(inner.get()) + "]");
    };
    return Task.completed(await(outer.apply("x")) + await(outer.apply("y")));
  }

  @Async
  public static Task<Long> inALoop(Source s, int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      int captured = i;
      Callable<Task<Long>> square = () -> {
        long v = await(s.of((long) captured));
        return Task.completed(v * v);
      };
      try {
        sum += await(square.call());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return Task.completed(sum);
  }

  @Async
  public static Task<String> inTry(Source s, List<String> log) {
    try {
      Supplier<Task<String>> guarded = () -> {
        try {
          log.add("try " + await(s.of("a")));
          await(s.fail(new IllegalArgumentException("inner")));
          return Task.completed("unreachable");
        } catch (IllegalArgumentException e) {
          log.add("caught " + e.getMessage() + " " + await(s.of("b")));
          return Task.completed("recovered");
        } finally {
          log.add("finally");
        }
      };
      String result = await(guarded.get());
      Supplier<Task<String>> failing = () -> {
        await(s.of("c"));
        throw new IllegalStateException("outer");
      };
      return Task.completed(result + await(failing.get()));
    } catch (IllegalStateException e) {
      log.add("enclosing caught " + e.getMessage());
      return Task.completed("done");
    }
  }

  @Async
  public Task<String> capturesThis(Source s) {
    Function<String, Task<String>> greet = suffix -> {
      calls++;
      String got = await(s.of(name));
      calls++;
      return Task.completed(got + suffix + helper() + calls);
    };
    return Task.completed(await(greet.apply("?")) + "/" + await(greet.apply("!")));
  }

  private String helper() {
    return name.length() + ":";
  }

  public int calls() {
    return calls;
  }

  @Async
  public static Task<Long> userInterface(Source s) {
    Step step = (times, base, scale) -> {
      long total = base;
      for (int i = 0; i < times; i++) {
        total += await(s.of((long) (i * scale)));
      }
      return Task.completed(total);
    };
    return Task.completed(await(step.apply(4, 100L, 2.0)));
  }

  /** A method reference to an @Async method: the rewritten forwarder, as before. */
  @Async
  public static Task<Integer> methodReference(Source s) {
    Function<Source, Task<Integer>> reference = LambdasCorpus::plainAsync;
    return Task.completed(await(reference.apply(s)) + 1);
  }

  @Async
  static Task<Integer> plainAsync(Source s) {
    return Task.completed(await(s.of(41)));
  }

  /** The lambda throws before it awaits: as an @Async method, its task fails (no throw). */
  public static Supplier<Task<Integer>> throwsBeforeAwait(Source s, RuntimeException error) {
    return () -> {
      if (error != null) {
        throw error;
      }
      return Task.completed(await(s.of(7)));
    };
  }

  /** A lambda returning a task without awaiting is left as written: its throw is a throw. */
  public static Supplier<Task<Integer>> doesNotAwait(RuntimeException error) {
    return () -> {
      if (error != null) {
        throw error;
      }
      return Task.completed(8);
    };
  }

  /** For async stack traces: the lambda awaits a failing call and lets the failure pass. */
  @Async
  public static Task<Integer> traced(Source s, Throwable[] thrown) {
    Supplier<Task<Integer>> lambda = () -> {
      int value = await(failsLater(s, thrown)); // MARK lambda-await
      return Task.completed(value);
    };
    return Task.completed(await(lambda.get())); // MARK traced-await
  }

  @Async
  static Task<Integer> failsLater(Source s, Throwable[] thrown) {
    int value = await(s.of(1));
    thrown[0] = new IllegalStateException("failed after " + value); // MARK lambda-throw
    throw (RuntimeException) thrown[0];
  }

  /** A serializable lambda: linked by altMetafactory, with $deserializeLambda$ naming its body. */
  @Async
  public static Task<Integer> serializable(Source s, int offset) {
    Supplier<Task<Integer>> lambda = (Supplier<Task<Integer>> & java.io.Serializable)
        () -> Task.completed(await(s.of(offset)) * 2);
    return Task.completed(await(lambda.get()) + 1);
  }

  /** An interface whose default method makes a lambda capturing {@code this}. */
  public interface Greeter {
    String who();

    default Task<String> greet(Source s) {
      Supplier<Task<String>> lambda = () -> Task.completed(await(s.of("hello ")) + who());
      return lambda.get();
    }
  }

  /** A greeter, for the test. */
  public static Greeter greeter(String who) {
    return () -> who;
  }

  /** Many lambdas in flight at once, each its own frame. */
  @Async
  public static Task<Integer> manyInFlight(Source s, int n) {
    List<Task<Integer>> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int captured = i;
      tasks.add(((Supplier<Task<Integer>>) () -> {
        int a = await(s.of(captured));
        int b = await(s.of(captured));
        return Task.completed(a + b);
      }).get());
    }
    int sum = 0;
    for (int v : await(Task.all(tasks))) {
      sum += v;
    }
    return Task.completed(sum);
  }
}
