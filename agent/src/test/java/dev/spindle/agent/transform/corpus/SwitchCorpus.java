package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import java.util.concurrent.TimeUnit;

/** Switch on int, String and enum, as statements and expressions, with await around them. */
public final class SwitchCorpus {
  private SwitchCorpus() {}

  @Async
  public static Task<String> intSwitchStatement(Source s, int key) {
    String out;
    switch (await(s.of(key))) {
      case 1:
        out = "one" + await(s.of("!"));
        break;
      case 2:
      case 3:
        out = "two or three";
        break;
      case 100:
        out = "hundred";
        break;
      default:
        out = "other " + await(s.of(key));
    }
    return Task.completed(out);
  }

  @Async @SuppressWarnings("fallthrough") // deliberate; same line: the corpus's lines matter
  public static Task<Integer> stringSwitchStatement(Source s, String key) {
    int out = 0;
    switch (key) {
      case "apple":
        out += await(s.of(1));
        // fall through
      case "banana":
        out += await(s.of(10));
        break;
      case "Aa":
      case "BB": // same hash code as "Aa"
        out = await(s.of(key.length()));
        break;
      default:
        out = -1;
    }
    return Task.completed(out);
  }

  @Async
  public static Task<String> enumSwitchStatement(Source s, TimeUnit unit) {
    String out;
    switch (unit) {
      case SECONDS:
        out = await(s.of("s"));
        break;
      case MINUTES:
        out = "m" + await(s.of(1));
        break;
      default:
        out = unit.name().toLowerCase();
    }
    return Task.completed(out);
  }

  @Async
  public static Task<Integer> switchExpressions(Source s, int i, String text, TimeUnit unit) {
    int a = switch (i) {
      case 0 -> await(s.of(100));
      case 1, 2 -> {
        int doubled = await(s.of(i * 2));
        yield doubled + 1;
      }
      default -> i;
    };
    int b = switch (text) {
      case "x" -> await(s.of(1000));
      default -> 2000;
    };
    long c = switch (unit) {
      case DAYS -> await(s.of(30000L));
      default -> 40000L;
    };
    return Task.completed(a + b + (int) c);
  }

  @Async
  public static Task<String> switchWithStackOperand(Source s, int i) {
    return Task.completed("value: " + switch (i) {
      case 1 -> await(s.of("one"));
      default -> "many";
    });
  }
}
