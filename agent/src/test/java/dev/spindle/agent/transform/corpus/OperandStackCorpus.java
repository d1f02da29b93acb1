package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.ArrayList;
import java.util.List;

/** Values already on the operand stack when an await suspends. */
public final class OperandStackCorpus {
  private int field = 5;
  private static long counter;
  private final List<String> log = new ArrayList<>();

  public OperandStackCorpus() {}

  private static String join(String a, int b, long c, String d) {
    return a + b + c + d;
  }

  @Async
  public static Task<String> argumentsBeforeTheAwait(Source s) {
    return Task.completed(join("a", 1, 2L, await(s.of("d"))));
  }

  @Async
  public Task<String> receiverOnTheStack(Source s) {
    log.add(await(s.of("first")));
    log.add("x" + await(s.of("second")));
    return Task.completed(String.join(",", log));
  }

  @Async
  public static Task<String> arrayStores(Source s) {
    int[] numbers = new int[3];
    String[] names = new String[2];
    numbers[await(s.of(1))] = await(s.of(42));
    names[0] = await(s.of("zero"));
    double[] wide = new double[1];
    wide[0] = await(s.of(2.5));
    return Task.completed(numbers[1] + names[0] + wide[0]);
  }

  @Async
  public Task<Integer> fieldStoresAndCompoundAssignment(Source s) {
    field += await(s.of(10));
    this.field = this.field * await(s.of(2));
    counter = 1;
    counter += await(s.of(100L));
    int[] cell = {3};
    cell[0] *= await(s.of(4));
    return Task.completed(field + (int) counter + cell[0]);
  }

  @Async
  public static Task<String> stringConcatenation(Source s, int n, char c) {
    return Task.completed("n=" + n + ", c=" + c + ", v=" + await(s.of("value")) + ", w="
        + await(s.of(1.5)) + "!");
  }

  @Async
  public static Task<Integer> ternariesAndConditions(Source s, boolean flag, int x) {
    int a = flag ? await(s.of(1)) : x + await(s.of(2));
    boolean both = x > 0 && await(s.of(true));
    boolean either = x < 0 || await(s.of(false));
    int b = (flag ? 10 : 20) + (both ? await(s.of(100)) : 0) + (either ? 1000 : 0);
    return Task.completed(a + b);
  }

  @Async
  public static Task<Integer> nestedAwaits(Source s) {
    return Task.completed(await(s.of(await(s.of(3)) + await(s.of(4)))) * 2);
  }

  @Async
  public static Task<Integer> awaitOfACallResult(Source s) {
    return Task.completed(Math.max(await(s.of(3)), Math.min(10, await(s.of(8)))));
  }

  @Async
  public static Task<String> wideCompoundsChainsAndIncrements(Source s) {
    long[] longs = {5};
    double[] doubles = {0.5};
    longs[0] += await(s.of(7L));
    doubles[0] *= await(s.of(4.0));
    int i = 1;
    int j;
    int k = i++ + await(s.of(10)) + ++i;
    j = i = await(s.of(20));
    Object o = i > 5 ? "text" : (Object) Integer.valueOf(i);
    String text = o + "/" + await(s.of("t"));
    for (int v : await(s.of(new int[] {1, 2, 3}))) {
      k += v;
    }
    return Task.completed(longs[0] + " " + doubles[0] + " " + k + " " + j + " " + i + " " + text);
  }

  private static final Object LOCK = new Object();

  @Async
  public static Task<Integer> synchronizedBlockBeforeAnAwait(Source s) {
    int inside;
    synchronized (LOCK) {
      inside = 1;
    }
    return Task.completed(inside + await(s.of(2)));
  }
}
