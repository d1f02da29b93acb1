package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every loop form with await in its body, condition and header. */
public final class LoopsCorpus {
  private LoopsCorpus() {}

  @Async
  public static Task<Integer> forLoop(Source s, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) {
      sum += await(s.of(i));
    }
    return Task.completed(sum);
  }

  @Async
  public static Task<Integer> whileWithAwaitInCondition(Source s, int limit) {
    int count = 0;
    while (await(s.of(count)) < limit) {
      count++;
    }
    return Task.completed(count);
  }

  @Async
  public static Task<Integer> doWhile(Source s) {
    int i = 0;
    long product = 1;
    do {
      product *= await(s.of(2L));
      i++;
    } while (i < 10);
    return Task.completed((int) product);
  }

  @Async
  public static Task<String> forEachOverArray(Source s, String[] words) {
    StringBuilder out = new StringBuilder();
    for (String word : words) {
      out.append(await(s.of(word.toUpperCase())));
    }
    return Task.completed(out.toString());
  }

  @Async
  public static Task<Integer> forEachOverPrimitiveArray(Source s, long[] values) {
    long total = 0;
    for (long value : values) {
      total += await(s.of(value));
    }
    return Task.completed((int) total);
  }

  @Async
  public static Task<String> forEachOverList(Source s, List<String> items) {
    String out = "";
    for (String item : items) {
      out += await(s.of(item)) + ";";
    }
    return Task.completed(out);
  }

  @Async
  public static Task<String> explicitIteratorAndMap(Source s) {
    Map<String, Integer> map = new TreeMap<>(Map.of("a", 1, "b", 2, "c", 3));
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Integer> entry : map.entrySet()) {
      out.append(entry.getKey()).append(await(s.of(entry.getValue() * 10)));
    }
    Iterator<String> keys = map.keySet().iterator();
    while (keys.hasNext()) {
      out.append(await(s.of(keys.next())));
    }
    return Task.completed(out.toString());
  }

  @Async
  public static Task<Integer> breakContinueAndLabels(Source s) {
    int total = 0;
    outer:
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        if (j == 3) {
          continue outer;
        }
        if (i == 4) {
          break outer;
        }
        if (await(s.of(i + j)) % 2 == 0) {
          continue;
        }
        total += i * 10 + j;
      }
    }
    return Task.completed(total);
  }

  @Async
  public static Task<Integer> manyIterations(Source s) {
    int sum = 0;
    for (int i = 0; i < 10_000; i++) {
      sum += await(s.of(1));
    }
    return Task.completed(sum);
  }

  @Async
  public static Task<Integer> loopAtTheVeryStart(Source s, int n) {
    while (n > 0) {
      n -= await(s.of(1));
    }
    return Task.completed(n);
  }
}
