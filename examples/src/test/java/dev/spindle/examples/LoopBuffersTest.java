package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** HelloServer's buffer pool is one per loop: connections of two loops never share buffers. */
@Timeout(20)
class LoopBuffersTest {
  @Test
  void eachLoopHasItsOwnPoolAndKeepsIt() {
    try (EventLoopGroup group = EventLoopGroup.start(2)) {
      List<BufferPool> first = Task.all(
          group.submitToEach(() -> Task.completed(HttpServer.loopBuffers()))).join();
      List<BufferPool> again = Task.all(
          group.submitToEach(() -> Task.completed(HttpServer.loopBuffers()))).join();
      assertNotSame(first.get(0), first.get(1));
      assertSame(first.get(0), again.get(0));
      assertSame(first.get(1), again.get(1));
    }
  }
}
