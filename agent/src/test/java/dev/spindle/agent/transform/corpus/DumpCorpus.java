package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/** Calls that stay suspended, each on something else, for EventLoop.dump() (LoopDumpTest). */
public final class DumpCorpus {
  private DumpCorpus() {}

  @Async
  public static Task<Integer> readOne(AsyncTcpStream stream) {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    int count = await(stream.read(buffer)); // MARK await-read
    return Task.completed(count);
  }

  @Async
  public static Task<Void> nap(Duration delay) {
    await(EventLoop.sleep(delay)); // MARK await-sleep
    return Task.completed();
  }

  @Async
  public static Task<String> outer(Task<String> promised) {
    String value = await(inner(promised)); // MARK await-inner
    return Task.completed(value + "?");
  }

  @Async
  static Task<String> inner(Task<String> promised) {
    String first = await(Task.completed("first")); // finished: no suspension, so state 2 below
    String value = await(promised); // MARK await-promise
    return Task.completed(first + value);
  }
}
