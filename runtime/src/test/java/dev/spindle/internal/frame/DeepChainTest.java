package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resumption never grows the stack: a million suspended calls finish in O(1) stack depth. */
class DeepChainTest {
  private static final int DEPTH = 1_000_000;

  @Test
  @Timeout(60)
  void aMillionCallsEachAwaitingTheLastFinishOnTheLoop() {
    int result = EventLoop.run(() -> {
      Promise<Integer> innermost = new Promise<>();
      Task<Integer> chain = innermost.task();
      for (int i = 0; i < DEPTH; i++) {
        chain = HandWrittenChain.plusOne(chain);
      }
      innermost.complete(0);
      return chain;
    });
    assertEquals(DEPTH, result);
  }

  @Test
  @Timeout(60)
  void aMillionCallsEachAwaitingTheLastFinishOutsideAnyLoop() {
    Promise<Integer> innermost = new Promise<>();
    Task<Integer> chain = innermost.task();
    for (int i = 0; i < DEPTH; i++) {
      chain = HandWrittenChain.plusOne(chain);
    }
    innermost.complete(0); // runs the whole chain on this thread, through the trampoline
    assertEquals(DEPTH, chain.resultNow());
  }

  @Test
  @Timeout(60)
  void aMillionCallsEachReturningTheLastUnfinishedTaskFinishOnTheLoop() {
    int result = EventLoop.run(() -> {
      Promise<Void> gate = new Promise<>();
      Promise<Integer> innermost = new Promise<>();
      Task<Integer> chain = innermost.task();
      for (int i = 0; i < DEPTH; i++) {
        chain = HandWrittenChain.after(gate.task(), chain);
      }
      gate.complete(null); // every call resumes and returns the unfinished call inside it
      Task<Integer> outermost = chain;
      return dev.spindle.Steps.then(EventLoop.yieldNow(), turned -> {
        innermost.complete(42);
        return outermost;
      });
    });
    assertEquals(42, result);
  }
}
