package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one thread sees of a channel: order, waiting, closing, cancelling, the messages. */
class ChannelTest {
  @Test
  void itemsComeOutInTheOrderTheyWentIn() {
    Channel<Integer> channel = Channel.bounded(4);
    for (int i = 0; i < 4; i++) {
      assertTrue(channel.send(i).isDone());
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(i, channel.receive().resultNow());
    }
  }

  @Test
  void aSendToAFullChannelWaitsUntilAReceiveMakesRoom() {
    Channel<String> channel = Channel.bounded(1);
    assertTrue(channel.trySend("a"));
    assertFalse(channel.trySend("b"));
    Task<Void> waiting = channel.send("b");
    assertFalse(waiting.isDone());
    assertEquals(2, channel.size());
    assertEquals("a", channel.receive().resultNow());
    assertTrue(waiting.isDone(), "the room went to the waiting send");
    assertEquals("b", channel.tryReceive());
    assertNull(channel.tryReceive());
  }

  @Test
  void waitingSendsAreServedInTheOrderTheyCame() {
    Channel<String> channel = Channel.bounded(1);
    channel.send("0");
    List<String> done = new ArrayList<>();
    for (String item : List.of("1", "2", "3")) {
      channel.send(item).whenDone(task -> done.add(item));
    }
    List<String> received = new ArrayList<>();
    for (String item; (item = channel.tryReceive()) != null; ) {
      received.add(item);
    }
    assertEquals(List.of("0", "1", "2", "3"), received);
    assertEquals(List.of("1", "2", "3"), done);
  }

  @Test
  void aSelectOverARendezvousChannelTakesTheWaitingSendsItem() {
    Channel<String> rendezvous = Channel.bounded(0);
    Task<Void> send = rendezvous.send("handed");
    Selected<String> selected = Channel.select(Channel.<String>unbounded(), rendezvous)
        .resultNow();
    assertEquals("Selected[channel 1: handed]", selected.toString());
    assertTrue(send.isDone());
  }

  @Test
  void aReceiveOfAnEmptyChannelWaitsForTheNextSend() {
    Channel<String> channel = Channel.unbounded();
    Task<String> first = channel.receive();
    Task<String> second = channel.receive();
    assertFalse(first.isDone());
    channel.send("x");
    channel.send("y");
    assertEquals("x", first.resultNow());
    assertEquals("y", second.resultNow(), "waiting receivers are served first come first served");
  }

  @Test
  void aRendezvousChannelHandsEachItemStraightToAReceiver() {
    Channel<String> channel = Channel.bounded(0);
    assertFalse(channel.trySend("lost"), "nobody waits, and there is no room");
    Task<Void> send = channel.send("hand");
    assertFalse(send.isDone());
    assertEquals("hand", channel.receive().resultNow());
    assertTrue(send.isDone());
    Task<String> receive = channel.receive();
    assertTrue(channel.trySend("shake"));
    assertEquals("shake", receive.resultNow());
  }

  @Test
  void closingDrainsWhatWasSentThenAnswersNull() {
    Channel<String> channel = Channel.bounded(1);
    channel.send("in buffer");
    Task<Void> waiting = channel.send("in a waiting send");
    channel.close();
    assertTrue(channel.isClosed());
    assertFalse(channel.trySend("late"));
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> channel.send("late").resultNow());
    assertEquals("Channel.send(late) must be called before close(): Channel[capacity 1, closed]"
        + " is closed; stop sending once you close it, or check isClosed() (trySend returns"
        + " false instead)", refused.getMessage());
    assertEquals("in buffer", channel.receive().resultNow());
    assertEquals("in a waiting send", channel.receive().resultNow());
    assertTrue(waiting.isDone());
    assertNull(channel.receive().resultNow());
    assertNull(channel.receive().resultNow());
  }

  @Test
  void closingWakesWaitingReceiversWithNull() {
    Channel<String> channel = Channel.unbounded();
    Task<String> waiting = channel.receive();
    channel.close();
    assertTrue(waiting.isDone());
    assertNull(waiting.resultNow());
  }

  @Test
  void theIteratorEndsWithNullAfterTheLastItem() {
    Channel<Integer> channel = Channel.unbounded();
    channel.send(1);
    channel.send(2);
    channel.close();
    List<Integer> seen = new ArrayList<>();
    for (Integer item; (item = channel.iterator().next().resultNow()) != null; ) {
      seen.add(item);
    }
    assertEquals(List.of(1, 2), seen);
  }

  @Test
  void aCancelledReceiveTakesNothing() {
    Channel<String> channel = Channel.unbounded();
    Task<String> cancelled = channel.receive();
    Task<String> next = channel.receive();
    assertTrue(cancelled.cancel());
    assertTrue(cancelled.isCancelled());
    channel.send("only");
    assertEquals("only", next.resultNow(), "the cancelled receive left the queue");
    assertNull(channel.tryReceive());
  }

  @Test
  void aCancelledSendLeavesNoItem() {
    Channel<String> channel = Channel.bounded(1);
    channel.send("first");
    Task<Void> cancelled = channel.send("withdrawn");
    Task<Void> kept = channel.send("kept");
    assertTrue(cancelled.cancel());
    assertEquals("first", channel.tryReceive());
    assertTrue(kept.isDone());
    assertEquals("kept", channel.tryReceive());
    assertNull(channel.tryReceive());
  }

  @Test
  void aReceiveGivenItsItemRefusesTheCancel() {
    Channel<String> channel = Channel.unbounded();
    Task<String> receive = channel.receive();
    channel.send("mine");
    assertFalse(receive.cancel());
    assertEquals("mine", receive.resultNow());
  }

  @Test
  void nullIsNotAnItem() {
    Channel<String> channel = Channel.unbounded();
    NullPointerException refused = assertThrows(NullPointerException.class,
        () -> channel.send(null));
    assertEquals("Channel.send(item) must be given an item: null; null marks a closed channel in"
        + " receive(), so it cannot be sent", refused.getMessage());
  }

  @Test
  void aNegativeCapacityIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Channel.bounded(-1));
    assertEquals("Channel.bounded(capacity) must be given a capacity of 0 or more: -1; use"
        + " Channel.unbounded() for no limit", refused.getMessage());
  }

  @Test
  void aWaiterIsToldOutsideTheLock() {
    Channel<String> channel = Channel.unbounded();
    Task<String> receive = channel.receive();
    List<String> seen = new ArrayList<>();
    // The waiter calls back into the channel: under a held lock of another thread it would
    // deadlock; here it shows the channel is usable from inside the completion.
    receive.whenDone(done -> {
      channel.send("from the waiter");
      seen.add((String) done.resultNow());
    });
    channel.send("first");
    assertEquals(List.of("first"), seen);
    assertEquals("from the waiter", channel.tryReceive());
  }
}
