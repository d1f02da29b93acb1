package dev.spindle.sync;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.TimerHandle;
import dev.spindle.task.Handoff;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * {@link Channel#select}: one branch queued in each channel, one compare-and-set deciding which
 * wins. A sender claims the whole select (under its channel's lock) before it hands its item, so
 * only one channel ever gives an item; a time-out or a cancel claims it the same way and takes
 * nothing. The winner then removes the other branches from their channels, one lock at a time.
 */
final class SelectTask<T> extends Task<Selected<T>> implements Handoff, Runnable {
  /** What {@link Channel#takeOrQueue} returns when it queued the branch. */
  static final Object QUEUED = new Object();
  /** What {@link Channel#takeOrQueue} returns when the select had been won elsewhere. */
  static final Object LOST = new Object();

  private static final VarHandle DECIDED;

  static {
    try {
      DECIDED = MethodHandles.lookup().findVarHandle(SelectTask.class, "decided", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Branch<?>[] branches;
  /** Any thread: set once, by compare-and-set, by the branch, time-out or cancel that wins. */
  private volatile boolean decided;
  /** Written once by the starting thread, before any branch is queued; null without a timeout. */
  private volatile TimerHandle timer;

  private SelectTask(Channel<?>[] channels) {
    branches = new Branch<?>[channels.length];
    for (int i = 0; i < channels.length; i++) {
      branches[i] = new Branch<>(this, i, channels[i]);
    }
  }

  static <T> Task<Selected<T>> start(Duration timeout, Channel<?>[] channels) {
    if (channels.length == 0) {
      throw new IllegalArgumentException("Channel.select(...) must be given at least one channel:"
          + " none; there is nothing to wait for");
    }
    for (int i = 0; i < channels.length; i++) {
      if (channels[i] == null) {
        throw new NullPointerException("Channel.select(...) must be given channels: argument " + i
            + " is null");
      }
    }
    SelectTask<T> select = new SelectTask<>(channels);
    if (timeout != null) {
      EventLoop loop = EventLoop.currentOrNull();
      if (loop == null) {
        throw new IllegalStateException("Channel.select(" + timeout + ", ...) must be called on"
            + " an event-loop thread; this is " + Thread.currentThread().getName() + ": its timer"
            + " runs on the loop, so call it inside EventLoop.run(...), or select without a"
            + " timeout");
      }
      select.timer = loop.runAfter(timeout, select);
    }
    for (Branch<?> branch : select.branches) {
      Object taken = branch.takeOrQueue();
      if (taken == SelectTask.LOST) {
        break; // a branch queued earlier won meanwhile; it finishes the task
      }
      if (taken != SelectTask.QUEUED) {
        select.finish(branch.index, taken); // claimed by takeOrQueue
        return select;
      }
      if (select.decided) {
        break; // won (or cancelled) meanwhile: the winner may have unlinked before this queued
      }
    }
    if (select.decided) {
      select.unlinkAll();
    }
    return select;
  }

  /** Under one channel's lock: claims the whole select for one branch (or time-out, cancel). */
  boolean claim() {
    return !decided && DECIDED.compareAndSet(this, false, true);
  }

  /** After a claim by branch {@code index}, outside every lock. */
  @SuppressWarnings("unchecked")
  void finish(int index, Object item) {
    unlinkAll();
    completeValue(Selected.of(index, (T) item));
  }

  /** The time-out fired, on the loop thread. */
  @Override
  public void run() {
    if (claim()) {
      unlinkAll();
      completeValue(Selected.timeout());
    }
  }

  /** Withdraws every branch, taking nothing; false if a branch or the time-out won already. */
  @Override
  public boolean cancel() {
    if (!claim()) {
      return false;
    }
    unlinkAll();
    return super.cancel();
  }

  private void unlinkAll() {
    if (timer != null) {
      timer.cancel();
    }
    for (Branch<?> branch : branches) {
      branch.unlink();
    }
  }

  @Override
  public String toString() {
    return "Channel.select() " + super.toString() + " of " + branches.length + " channels";
  }

  /** The select's place in one channel's queue of receivers. */
  private static final class Branch<E> implements Receiver<E> {
    private final SelectTask<?> select;
    private final int index;
    private final Channel<E> channel;

    @SuppressWarnings("unchecked")
    Branch(SelectTask<?> select, int index, Channel<?> channel) {
      this.select = select;
      this.index = index;
      this.channel = (Channel<E>) channel;
    }

    Object takeOrQueue() {
      return channel.takeOrQueue(this);
    }

    void unlink() {
      channel.unlink(this);
    }

    @Override
    public boolean claim() {
      return select.claim();
    }

    @Override
    public void deliver(E item) {
      select.finish(index, item);
    }
  }
}
