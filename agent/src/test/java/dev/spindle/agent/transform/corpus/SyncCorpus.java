package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.TaskScope;
import dev.spindle.sync.AsyncMutex;
import dev.spindle.sync.Channel;
import dev.spindle.sync.Selected;
import java.util.ArrayList;
import java.util.List;

/**
 * TaskScope and channels driven by rewritten {@code @Async} code: finally blocks of cancelled
 * children and grandchildren, a receive cancelled at its await, a select loop, a mutex held
 * across awaits.
 */
public final class SyncCorpus {
  private SyncCorpus() {}

  /**
   * A scope whose second child fails after a yield: the body, the first child (itself a scope)
   * and its grandchild are cancelled at their awaits, and the scope fails with the child's
   * exception, which this method catches.
   */
  @Async
  public static Task<String> firstFailureCancelsTheTree(List<String> log) {
    Task<String> scope = TaskScope.run(outer -> {
      outer.spawn(() -> TaskScope.run(inner -> {
        inner.spawn(() -> waitForever(log, "grandchild"));
        return waitForever(log, "child scope's body");
      }));
      outer.spawn(SyncCorpus::failAfterAYield);
      return waitForever(log, "body");
    });
    try {
      return Task.completed("scope returned " + await(scope));
    } catch (IllegalStateException expected) {
      return Task.completed("scope failed: " + expected.getMessage());
    }
  }

  @Async
  static Task<String> waitForever(List<String> log, String name) {
    try {
      return Task.completed(await(new Promise<String>().task()));
    } finally {
      log.add(name + "'s finally");
    }
  }

  @Async
  static Task<String> failAfterAYield() {
    await(EventLoop.yieldNow());
    throw new IllegalStateException("second child failed");
  }

  /**
   * A receive that waits, whose call is cancelled: its finally runs, and an item sent afterwards
   * stays in the channel for the next receiver.
   */
  @Async
  public static Task<String> cancelledReceiveLeavesTheItem(List<String> log) {
    Channel<String> channel = Channel.unbounded();
    Task<String> receiving = receiveLogged(channel, log);
    await(EventLoop.yieldNow());
    receiving.cancel();
    await(EventLoop.yieldNow());
    channel.send("kept");
    log.add("receiving cancelled: " + receiving.isCancelled());
    return Task.completed(await(channel.receive()));
  }

  @Async
  static Task<String> receiveLogged(Channel<String> channel, List<String> log) {
    try {
      return Task.completed(await(channel.receive()));
    } finally {
      log.add("receive's finally");
    }
  }

  /** Two producers, a consumer selecting until both channels are closed and drained. */
  @Async
  public static Task<List<String>> selectUntilBothClose() {
    Channel<String> a = Channel.bounded(1);
    Channel<String> b = Channel.bounded(1);
    EventLoop.spawn(produce(a, "a", 3));
    EventLoop.spawn(produce(b, "b", 3));
    List<String> got = new ArrayList<>();
    boolean aOpen = true;
    boolean bOpen = true;
    while (aOpen || bOpen) {
      Selected<String> selected = await(aOpen && bOpen ? Channel.select(a, b)
          : Channel.select(aOpen ? a : b));
      boolean fromA = aOpen && bOpen ? selected.index() == 0 : aOpen;
      if (selected.item() != null) {
        got.add(selected.item());
      } else if (fromA) {
        aOpen = false; // closed and drained
      } else {
        bOpen = false;
      }
    }
    return Task.completed(got);
  }

  @Async
  static Task<Void> produce(Channel<String> channel, String name, int count) {
    for (int i = 0; i < count; i++) {
      await(channel.send(name + i));
      await(EventLoop.yieldNow());
    }
    channel.close();
    return Task.completed();
  }

  /** Three calls take a mutex in turn, each holding it across a yield. */
  @Async
  public static Task<List<String>> mutexAcrossAwaits() {
    AsyncMutex mutex = new AsyncMutex();
    List<String> log = new ArrayList<>();
    await(Task.all(critical(mutex, log, "x"), critical(mutex, log, "y"),
        critical(mutex, log, "z")));
    return Task.completed(log);
  }

  @Async
  static Task<Void> critical(AsyncMutex mutex, List<String> log, String name) {
    await(mutex.lock());
    try {
      log.add(name + " in");
      await(EventLoop.yieldNow());
      log.add(name + " out");
    } finally {
      mutex.unlock();
    }
    return Task.completed();
  }
}
