package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** @Async methods in interfaces, inner, local and anonymous classes, enums and records. */
public final class ClassKindsCorpus {
  private final int base;

  public ClassKindsCorpus(int base) {
    this.base = base;
  }

  public interface Greeter {
    String name();

    @Async
    default Task<String> greet(Source s) {
      return Task.completed(await(s.of("hello ")) + name() + await(shout(s, "!")));
    }

    @Async
    static Task<String> shout(Source s, String text) {
      return Task.completed(await(s.of(text)) + text);
    }

    @Async
    private Task<String> privateInInterface(Source s) {
      return Task.completed(await(s.of("private ")) + name());
    }

    @Async
    default Task<String> callsPrivate(Source s) {
      return privateInInterface(s);
    }
  }

  public enum Operation {
    ADD {
      @Async
      @Override
      public Task<Integer> apply(Source s, int a, int b) {
        return Task.completed(await(s.of(a)) + b);
      }
    },
    MULTIPLY {
      @Async
      @Override
      public Task<Integer> apply(Source s, int a, int b) {
        return Task.completed(await(s.of(a)) * await(s.of(b)));
      }
    };

    public abstract Task<Integer> apply(Source s, int a, int b);

    @Async
    public Task<String> describe(Source s) {
      return Task.completed(await(s.of(name().toLowerCase())) + ordinal());
    }
  }

  public record Point(int x, long y) {
    @Async
    public Task<Long> manhattan(Source s) {
      return Task.completed(Math.abs(await(s.of(x))) + Math.abs(y));
    }
  }

  public class Inner {
    @Async
    public Task<Integer> plusBase(Source s, int value) {
      return Task.completed(await(s.of(value)) + base);
    }
  }

  /** Runs one of each kind and joins their results. */
  @Async
  public Task<String> everyKind(Source s) {
    Greeter greeter = () -> "world";
    String greeting = await(greeter.greet(s));
    String privately = await(greeter.callsPrivate(s));

    class Local {
      @Async
      Task<String> localMethod(String text) {
        return Task.completed(text + await(s.of(base)));
      }
    }

    String local = await(new Local().localMethod("local"));
    Greeter anonymous = new Greeter() {
      @Override
      public String name() {
        return "anonymous";
      }

      @Async
      @Override
      public Task<String> greet(Source source) {
        return Task.completed("hi " + await(source.of(name())));
      }
    };
    String anonymousGreeting = await(anonymous.greet(s));
    int added = await(Operation.ADD.apply(s, 2, 3));
    int multiplied = await(Operation.MULTIPLY.apply(s, 2, 3));
    String described = await(Operation.MULTIPLY.describe(s));
    long distance = await(new Point(-3, -4L).manhattan(s));
    int inner = await(new Inner().plusBase(s, 1));
    return Task.completed(String.join("|", greeting, privately, local, anonymousGreeting,
        "" + added, "" + multiplied, described, "" + distance, "" + inner));
  }
}
