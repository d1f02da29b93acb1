package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventLoopTest {
  @Test
  @Timeout(5)
  void runReturnsTheValueOfMainsTaskFinishedFromAnotherThread() {
    String value = EventLoop.run(() -> {
      Promise<String> promise = new Promise<>();
      new Thread(() -> promise.complete("from elsewhere")).start();
      return promise.task();
    });
    assertEquals("from elsewhere", value);
  }

  @Test
  @Timeout(5)
  void runThrowsMainsFailureUnwrapped() {
    IllegalStateException failure = new IllegalStateException("main failed");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> EventLoop.run(() -> Task.failed(failure)));
    assertTrue(thrown == failure);
  }

  @Test
  @Timeout(5)
  void nestedRunIsRefusedWithItsRule() {
    IllegalStateException refused = EventLoop.run(() -> {
      try {
        EventLoop.run(Task::completed);
        return Task.completed(null);
      } catch (IllegalStateException e) {
        return Task.completed(e);
      }
    });
    assertEquals("EventLoop.run() must not be nested: this thread ("
        + Thread.currentThread().getName() + ") already runs a loop; await the task instead",
        refused.getMessage());
  }

  @Test
  @Timeout(5)
  void yieldNowEndsOnTheNextTurnAfterAnIoPoll() {
    List<String> order = new ArrayList<>();
    EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Task<AsyncTcpStream> accept = listener.accept(); // waits on the selector
      accept.whenDone(t -> order.add("accepted"));
      Task<AsyncTcpStream> connect = AsyncTcpStream.connect(listener.localAddress());
      // The connection is in the backlog by the next poll; the yield ends after that poll.
      return Steps.then(connect, client -> {
        Task<Void> yielded = EventLoop.yieldNow();
        yielded.whenDone(t -> order.add("yield ended"));
        order.add("yield started");
        return Steps.then(yielded, t -> Steps.then(accept, server -> {
          listener.close();
          return Steps.then(server.close(), a -> client.close());
        }));
      });
    });
    assertEquals("yield ended", order.get(order.size() - 1));
    assertTrue(order.indexOf("accepted") < order.indexOf("yield ended"), order.toString());
  }

  @Test
  @Timeout(5)
  void workPostedToAStoppedLoopIsRejectedWithItsRule() {
    EventLoop[] loop = new EventLoop[1];
    EventLoop.run(() -> {
      loop[0] = EventLoop.current();
      return Task.completed();
    });
    RejectedExecutionException refused = assertThrows(RejectedExecutionException.class,
        () -> loop[0].execute(() -> { }));
    assertTrue(refused.getMessage().startsWith("EventLoop.execute() must be called on a running"
        + " loop: the loop of thread " + Thread.currentThread().getName() + " has stopped"),
        refused.getMessage());
  }

  @Test
  void sleepOutsideALoopIsRefusedWithItsRule() {
    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> EventLoop.sleep(java.time.Duration.ofMillis(1)));
    assertEquals("EventLoop.sleep() must be called on an event-loop thread; this is "
        + Thread.currentThread().getName() + ": call it inside EventLoop.run(...)",
        refused.getMessage());
  }

  @Test
  @Timeout(10)
  void eachThreadSeesItsOwnLoopWhileSeveralRunAndNoneAfterItsLoopStopped() throws Exception {
    Promise<Void> stopFirst = new Promise<>();
    Promise<Void> stopSecond = new Promise<>();
    java.util.concurrent.CountDownLatch bothRunning = new java.util.concurrent.CountDownLatch(2);
    java.util.concurrent.ConcurrentLinkedQueue<String> seen =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    Thread first = new Thread(() -> {
      EventLoop.run(() -> observe("first", stopFirst, bothRunning, seen));
      seen.add("first after its loop: " + EventLoop.currentOrNull());
    });
    Thread second = new Thread(() -> EventLoop.run(
        () -> observe("second", stopSecond, bothRunning, seen)));
    first.start();
    second.start(); // started last: the loop the shortcut names
    bothRunning.await();
    seen.add("test thread: " + EventLoop.currentOrNull());
    stopFirst.complete(null);
    first.join();
    stopSecond.complete(null);
    second.join();
    assertEquals(java.util.Set.of("first sees its own loop: true", "second sees its own loop: true",
        "test thread: null", "first after its loop: null"), java.util.Set.copyOf(seen));
  }

  private static Task<Void> observe(String name, Promise<Void> stop,
      java.util.concurrent.CountDownLatch running, java.util.Collection<String> seen) {
    EventLoop loop = EventLoop.current();
    running.countDown();
    try {
      running.await(); // both loops run: each looks up its own after the other started
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    seen.add(name + " sees its own loop: " + (EventLoop.current() == loop
        && loop.toString().contains(Thread.currentThread().getName())));
    return stop.task();
  }
}
