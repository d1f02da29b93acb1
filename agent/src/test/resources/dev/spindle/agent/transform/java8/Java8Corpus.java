package dev.spindle.agent.transform.java8;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Compiled by Java8Test with --release 8 (class-file version 52): string concatenation through
 * StringBuilder, and an interface whose private static bridge must be legal in version 52.
 */
public class Java8Corpus {
  public interface Named {
    String name();

    @Async
    default Task<String> greet(Function<Object, Task<Object>> source) {
      return Task.completed("hello " + await(source.apply(name())));
    }
  }

  static final class Box {
    final Object content;

    Box(Object content) {
      this.content = content;
    }
  }

  @Async
  public static Task<String> everything(Function<Object, Task<Object>> source, long wide) {
    String text = "w=" + wide + ", a=" + await(source.apply("A")) + ", d=" + 2.5;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      out.add(text.length() + ":" + (Integer) await(source.apply(i)));
    }
    Box box = new Box(await(source.apply("boxed")));
    String caught;
    try {
      await(source.apply(new IllegalStateException("failed")));
      caught = "none";
    } catch (IllegalStateException e) {
      caught = e.getMessage() + await(source.apply("!"));
    } finally {
      out.add("finally");
    }
    Named named = () -> "eight";
    String greeting = await(named.greet(source));
    String staged = (String) await(CompletableFuture.completedFuture("stage"));
    return Task.completed(text + " " + out + " " + box.content + " " + caught + " " + greeting
        + " " + staged);
  }
}
