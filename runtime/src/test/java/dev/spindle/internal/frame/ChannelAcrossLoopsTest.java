package dev.spindle.internal.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.sync.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A suspended call waiting on a channel resumes on its own loop, whichever loop or thread sends:
 * here a receiving call on one loop, fed by a sending loop on another thread.
 */
class ChannelAcrossLoopsTest {
  @Test
  void aReceiverResumesOnItsOwnLoopWhenAnotherLoopSends() throws InterruptedException {
    Channel<String> channel = Channel.unbounded();
    List<String> resumedOn = new CopyOnWriteArrayList<>();
    Thread sender = new Thread(() -> EventLoop.run(() -> {
      channel.send("from " + Thread.currentThread().getName());
      return Task.completed();
    }), "sending-loop");
    String received = EventLoop.run(() -> {
      Task<String> call = HandoffCancelTest.pass(channel.receive()); // suspends: still empty
      call.whenDone(done -> resumedOn.add(Thread.currentThread().getName()));
      sender.start();
      return call;
    });
    sender.join();
    assertEquals("from sending-loop", received);
    assertEquals(List.of(Thread.currentThread().getName()), resumedOn,
        "the call resumed, and so finished, on the receiving loop's thread");
  }
}
