package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** {@code new Foo(..., await(x))}: objects under construction across an await. */
public final class ConstructorCorpus {
  private ConstructorCorpus() {}

  static final class Pair {
    final Object left;
    final Object right;

    Pair(Object left, Object right) {
      this.left = left;
      this.right = right;
    }

    @Override
    public String toString() {
      return "(" + left + ", " + right + ")";
    }
  }

  final class Inner {
    final int value;

    Inner(int value) {
      this.value = value;
    }
  }

  @Async
  public static Task<String> constructorArgument(Source s, String left) {
    return Task.completed(new Pair(left, await(s.of("right"))).toString());
  }

  @Async
  public static Task<String> nestedConstructors(Source s) {
    Pair pair = new Pair(new Pair(1, await(s.of(2))), new Pair(await(s.of(3)), new Pair(4L,
        await(s.of(5.0)))));
    return Task.completed(pair.toString());
  }

  @Async
  public static Task<String> primitiveArgumentsAndStringBuilder(Source s, long wide) {
    StringBuilder text = new StringBuilder(await(s.of("start")));
    Pair pair = new Pair(wide, new StringBuilder().append(wide).append(await(s.of('!'))));
    return Task.completed(text + " " + pair);
  }

  @Async
  public Task<Integer> innerClassConstructor(Source s) {
    Inner inner = new Inner(await(s.of(9)));
    return Task.completed(inner.value);
  }

  public static ConstructorCorpus create() {
    return new ConstructorCorpus();
  }

  @Async
  public static Task<String> constructorInTernary(Source s, boolean flag) {
    Object made = flag ? new Pair("yes", await(s.of(1))) : new Pair(await(s.of(2)), "no");
    return Task.completed(made.toString());
  }
}
