package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime side of async stack traces, through the hand-written state machines (the agent's
 * {@code AsyncStackTraceTest} runs real rewritten classes): frames appended at each await, the
 * cap, and what is left alone.
 */
class AsyncStackTraceTest {
  private static final int DEPTH = 1_000_000;

  @Test
  void each_await_a_failure_passes_appends_its_method_after_one_boundary() {
    IllegalStateException error = new IllegalStateException("boom");
    int thrownAt = error.getStackTrace().length;
    Promise<Integer> innermost = new Promise<>();
    Task<Integer> chain = HandWrittenChain.plusOne(HandWrittenChain.plusOne(innermost.task()));
    innermost.fail(error);

    assertSame(error, chain.failureNow());
    StackTraceElement[] trace = error.getStackTrace();
    assertEquals(thrownAt + 3, trace.length, Arrays.toString(trace));
    assertSame(AsyncStackTrace.BOUNDARY, trace[thrownAt]);
    for (StackTraceElement awaited : List.of(trace[thrownAt + 1], trace[thrownAt + 2])) {
      assertEquals(HandWrittenChain.class.getName() + ".plusOne", awaited.getClassName()
          + "." + awaited.getMethodName());
      assertEquals("HandWrittenChain.java", awaited.getFileName());
    }
  }

  @Test
  @Timeout(60)
  void a_million_awaiting_calls_append_at_most_the_cap_and_stay_linear() {
    IllegalStateException error = new IllegalStateException("deep");
    int thrownAt = error.getStackTrace().length;
    IllegalStateException failure = assertThrows(IllegalStateException.class,
        () -> EventLoop.run(() -> {
          Promise<Integer> innermost = new Promise<>();
          Task<Integer> chain = innermost.task();
          for (int i = 0; i < DEPTH; i++) {
            chain = HandWrittenChain.plusOne(chain);
          }
          innermost.fail(error);
          return chain;
        }));
    assertSame(error, failure);
    assertEquals(thrownAt + 1 + AsyncStackTrace.MAX_APPENDED, error.getStackTrace().length);
  }

  @Test
  void an_exception_without_a_writable_trace_is_left_alone() {
    Exception quiet = new Exception("no trace", null, false, false) {};
    Task<Integer> chain = HandWrittenChain.plusOne(Task.failed(quiet));
    assertSame(quiet, chain.failureNow());
    assertEquals(0, quiet.getStackTrace().length);
  }

  @Test
  void appended_frames_from_outside_generated_code_follow_the_same_boundary() {
    RuntimeException error = new RuntimeException("from Kotlin");
    StackTraceElement[] thrown = error.getStackTrace();
    StackTraceElement first = new StackTraceElement("app.Api", "fetch", "Api.kt", 12);
    StackTraceElement second = new StackTraceElement("app.Main", "main", "Main.kt", 3);
    AsyncStackTrace.append(error, List.of(first));
    AsyncStackTrace.append(error, List.of(second));

    StackTraceElement[] expected = Arrays.copyOf(thrown, thrown.length + 3);
    expected[thrown.length] = AsyncStackTrace.BOUNDARY;
    expected[thrown.length + 1] = first;
    expected[thrown.length + 2] = second;
    assertArrayEquals(expected, error.getStackTrace());
  }

  @Test
  void a_throwable_leaving_a_method_keeps_no_frame_below_it() {
    Task<Integer> failed = HandWrittenChain.plusOne(Task.completed(null)); // NPE when unboxing
    StackTraceElement[] trace = failed.failureNow().getStackTrace();
    StackTraceElement last = trace[trace.length - 1];
    assertEquals(HandWrittenChain.class.getName() + ".plusOne",
        last.getClassName() + "." + last.getMethodName());
    assertEquals(1, trace.length, Arrays.toString(trace));
  }
}
