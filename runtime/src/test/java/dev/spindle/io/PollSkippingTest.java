package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.loop.LoopAccess;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A turn that does not wait skips the selector poll only while no channel is registered; with
 * channels, a task that keeps yielding still lets readiness through on every turn.
 */
class PollSkippingTest {
  @Test
  @Timeout(10)
  void aLoopPollsItsChannelsOnEveryTurnEvenWhileATaskKeepsYielding() {
    List<String> seen = EventLoop.run(() -> {
      List<String> events = new ArrayList<>();
      EventLoop loop = EventLoop.current();
      events.add("channels at start: " + LoopAccess.get().reactor(loop).hasChannels());
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            ByteBuffer buffer = ByteBuffer.allocate(8);
            Task<Integer> read = server.read(buffer);
            assertFalse(read.isDone());
            events.add("channels while a read waits: " + LoopAccess.get().reactor(loop).hasChannels());
            assertTrue(client.write(Loopback.ascii("ping")).isDone());
            int[] yields = {0};
            // Only yields from here on: every turn has work, so none waits in select.
            return Steps.then(Steps.repeat(() -> read.isDone() || yields[0] == 1000
                ? Task.completed(false)
                : Steps.then(EventLoop.yieldNow(), turned -> {
                  yields[0]++;
                  return Task.completed(true);
                })), done -> {
                  events.add("read " + read.resultNow() + " bytes within " + yields[0]
                      + (yields[0] <= 2 ? " <= 2" : " > 2") + " yields");
                  server.close();
                  client.close();
                  return Steps.then(EventLoop.yieldNow(), turned -> {
                    events.add("channels after closing: " + LoopAccess.get().reactor(loop).hasChannels());
                    return Task.completed(events);
                  });
                });
          }));
    });
    assertEquals("channels at start: false", seen.get(0));
    assertEquals("channels while a read waits: true", seen.get(1));
    assertTrue(seen.get(2).startsWith("read 4 bytes within ") && seen.get(2).endsWith("<= 2 yields"),
        seen.get(2));
    assertEquals("channels after closing: false", seen.get(3));
  }
}
