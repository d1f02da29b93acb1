package dev.spindle.sync;

import dev.spindle.Task;
import dev.spindle.io.AsyncIterator;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A FIFO queue between tasks that suspends instead of blocking: Kotlin's {@code Channel}, tokio's
 * {@code mpsc}, or a {@link java.util.concurrent.BlockingQueue} whose {@code put} and
 * {@code take} are tasks to {@code await}.
 *
 * <pre>{@code
 * Channel<String> lines = Channel.bounded(64);
 * await(lines.send("hello"));                 // suspends while the channel is full
 * for (String line; (line = await(lines.receive())) != null; ) { ... }  // null: closed, drained
 * }</pre>
 *
 * <p>{@linkplain #bounded(int) Bounded} channels hold at most their capacity (0: every send waits
 * for a receiver, a rendezvous); {@linkplain #unbounded() unbounded} ones never make a sender wait.
 * Items are delivered in the order they were sent, waiting senders and receivers are served in
 * the order they came, and {@code null} is not an item (it means "closed").
 *
 * <p>Any thread and any event loop may send and receive; a suspended {@code @Async} call resumes
 * on its own loop whoever completes its task. A plain {@link Task#whenDone} waiter on a waiting
 * {@code receive()} runs on the thread that completed it (the sender's). One private lock guards
 * the state; it is never held while a task is completed, so no waiter runs under it.
 *
 * <p>Cancellation is exact: a waiting {@code send} or {@code receive} whose {@code cancel()}
 * returns true left nothing behind (the item was not sent, nothing was taken). Once an item is
 * handed to a waiting receive (or a waiting send's item is taken), its {@code cancel()} returns
 * false and the task finishes with the item; an {@code @Async} call cancelled at that moment still
 * gets the item at its {@code await} and sees the cancellation at its next one. So no item is lost
 * or delivered twice. {@code send(item).orTimeout(d)} and {@code receive().orTimeout(d)} are exact
 * too: a time-out that comes too late to withdraw the wait takes the outcome instead of failing.
 * To wait on several channels, use {@link #select}, not {@link Task#any} of
 * receives: {@code any} would drop an item that a losing receive took.
 */
public final class Channel<T> {
  private static final Task<Object> CLOSED_AND_DRAINED = Task.completed(null);

  private final int capacity;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}: items sent and not yet received, at most {@link #capacity}. */
  private final ArrayDeque<T> buffer;
  /** Guarded by {@link #lock}: receivers waiting (only while {@link #buffer} is empty), FIFO. */
  private final ArrayDeque<Receiver<T>> receivers = new ArrayDeque<>();
  /** Guarded by {@link #lock}: sends waiting for room (only while the buffer is full), FIFO. */
  private final ArrayDeque<SendTask<T>> senders = new ArrayDeque<>();
  /** Written under {@link #lock}; read by {@link #isClosed()} without it. */
  private volatile boolean closed;

  private Channel(int capacity) {
    this.capacity = capacity;
    // Sized for a bounded channel's capacity up front (it fills up in the common case), small
    // for an unbounded one, which grows as it must.
    this.buffer = new ArrayDeque<>(capacity == Integer.MAX_VALUE ? 16
        : Math.min(Math.max(capacity, 1), 1024));
  }

  /**
   * A channel that holds up to {@code capacity} items; a {@link #send} to a full channel waits.
   * Capacity 0 makes a rendezvous channel: each send waits until a receiver takes its item.
   *
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static <T> Channel<T> bounded(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("Channel.bounded(capacity) must be given a capacity of 0"
          + " or more: " + capacity + "; use Channel.unbounded() for no limit");
    }
    return new Channel<>(capacity);
  }

  /** A channel without a limit: {@link #send} never waits (memory is the limit). */
  public static <T> Channel<T> unbounded() {
    return new Channel<>(Integer.MAX_VALUE);
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends {@code item}: a finished task if a receiver was waiting or there was room, else a task
   * that finishes once the item is in the channel. Cancelling that task withdraws the item
   * (see the class comment). Any thread.
   *
   * @return a task that fails with {@link IllegalStateException} if the channel was closed
   * @throws NullPointerException if {@code item} is null
   */
  public Task<Void> send(T item) {
    requireItem(item, "send");
    Receiver<T> receiver;
    synchronized (lock) {
      if (closed) {
        receiver = null;
      } else if ((receiver = claimReceiver()) == null) {
        if (buffer.size() < capacity) {
          buffer.addLast(item);
          return Task.completed();
        }
        SendTask<T> waiting = new SendTask<>(this, item);
        senders.addLast(waiting);
        return waiting;
      }
    }
    if (receiver == null) {
      return Task.failed(closedError("send", item));
    }
    receiver.deliver(item);
    return Task.completed();
  }

  /**
   * Sends {@code item} if that needs no waiting: true if a receiver was waiting or there was
   * room, false if the channel is full or closed. Any thread.
   *
   * @throws NullPointerException if {@code item} is null
   */
  public boolean trySend(T item) {
    requireItem(item, "trySend");
    Receiver<T> receiver;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if ((receiver = claimReceiver()) == null) {
        if (buffer.size() < capacity) {
          buffer.addLast(item);
          return true;
        }
        return false;
      }
    }
    receiver.deliver(item);
    return true;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * The next item: a finished task if one is there, else a task that finishes with the next item
   * sent. Finishes with {@code null} once the channel is closed and every item sent before the
   * close has been received. Cancelling the waiting task takes nothing (see the class comment).
   * Any thread.
   */
  public Task<T> receive() {
    T item;
    SendTask<T> sender;
    synchronized (lock) {
      item = buffer.pollFirst();
      sender = claimSender();
      if (item != null) {
        if (sender != null) {
          buffer.addLast(sender.item); // the room just made goes to the first waiting send
        }
      } else if (sender != null) {
        item = sender.item; // a rendezvous: straight from the waiting send
      } else if (closed) {
        return closedAndDrained();
      } else {
        ReceiveTask<T> waiting = new ReceiveTask<>(this);
        receivers.addLast(waiting);
        return waiting;
      }
    }
    if (sender != null) {
      sender.handOver(null);
    }
    return Task.completed(item);
  }

  /** The next item if one is there without waiting, else {@code null} (empty or closed). */
  public T tryReceive() {
    T item;
    SendTask<T> sender;
    synchronized (lock) {
      item = buffer.pollFirst();
      sender = claimSender();
      if (item != null) {
        if (sender != null) {
          buffer.addLast(sender.item);
        }
      } else if (sender != null) {
        item = sender.item;
      } else {
        return null;
      }
    }
    if (sender != null) {
      sender.handOver(null);
    }
    return item;
  }

  /**
   * The items as an {@link AsyncIterator}: each {@code next()} is a {@link #receive()}, and the
   * sequence ends with {@code null} once the channel is closed and drained.
   */
  public AsyncIterator<T> iterator() {
    return this::receive;
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes the channel for sending: later sends fail with {@link IllegalStateException} (and
   * {@link #trySend} returns false). Items already in the channel, and those of sends already
   * waiting, are still received; after them each receive finishes with {@code null}. Waiting
   * receivers of an empty channel finish with {@code null} at once. Idempotent; any thread.
   */
  public void close() {
    List<Receiver<T>> told;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (receivers.isEmpty()) {
        return;
      }
      told = new java.util.ArrayList<>(receivers.size());
      for (Receiver<T> receiver; (receiver = receivers.pollFirst()) != null; ) {
        if (receiver.claim()) {
          told.add(receiver);
        }
      }
    }
    for (Receiver<T> receiver : told) {
      receiver.deliver(null);
    }
  }

  /** Whether {@link #close()} was called (items may still be waiting to be received). */
  public boolean isClosed() {
    return closed;
  }

  /** How many items are in the channel now, waiting sends' items included; a snapshot. */
  public int size() {
    synchronized (lock) {
      return buffer.size() + senders.size();
    }
  }

  // ---------------------------------------------------------------- select

  /**
   * The first item of any of {@code channels}, taken from exactly one of them, as Go's
   * {@code select} or Kotlin's {@code select { onReceive }}: see {@link #select(Duration,
   * Channel[])}, without a timeout.
   *
   * @throws IllegalArgumentException if no channel is given
   */
  @SafeVarargs
  public static <T> Task<Selected<T>> select(Channel<? extends T>... channels) {
    return SelectTask.start(null, channels.clone());
  }

  /**
   * The first item of any of {@code channels}, or a {@linkplain Selected#timedOut() time-out}
   * after {@code timeout}. Exactly one branch wins: the item comes from one channel and no other
   * channel gives up an item for it, so a branch that loses the race never swallows an item (the
   * item stays in its channel for the next receiver). When several channels have an item at the
   * start, the earliest in the argument list wins. A channel that is closed and drained wins with
   * a {@code null} item. Cancelling the task withdraws every branch, taking nothing. Must be
   * called on an event-loop thread (the timer is the loop's); without a timeout, see
   * {@link #select(Channel[])}, any thread.
   *
   * @throws IllegalArgumentException if no channel is given
   * @throws IllegalStateException if called off an event-loop thread
   */
  @SafeVarargs
  public static <T> Task<Selected<T>> select(Duration timeout, Channel<? extends T>... channels) {
    if (timeout == null) {
      throw new NullPointerException("Channel.select(timeout, channels) must be given a timeout:"
          + " null; use Channel.select(channels) to wait without one");
    }
    return SelectTask.start(timeout, channels.clone());
  }

  /**
   * For a select: under the lock, takes an item for {@code branch} if one is there (or {@code
   * null} if closed and drained) and the branch's select can still be won, else queues the branch.
   * Returns {@link SelectTask#QUEUED} when queued, {@link SelectTask#LOST} when the select was
   * already won; otherwise the item taken, and then completes the send it freed.
   */
  Object takeOrQueue(Receiver<T> branch) {
    T item;
    SendTask<T> sender;
    synchronized (lock) {
      boolean ready = !buffer.isEmpty() || !senders.isEmpty() || closed;
      if (!ready) {
        receivers.addLast(branch);
        return SelectTask.QUEUED;
      }
      if (!branch.claim()) {
        return SelectTask.LOST;
      }
      item = buffer.pollFirst();
      sender = claimSender();
      if (item != null) {
        if (sender != null) {
          buffer.addLast(sender.item);
        }
      } else if (sender != null) {
        item = sender.item;
      }
    }
    if (sender != null) {
      sender.handOver(null);
    }
    return item;
  }

  /** Removes a select's {@code branch} from the queue, if there; the select was decided. */
  void unlink(Receiver<T> branch) {
    synchronized (lock) {
      receivers.remove(branch);
    }
  }

  // ---------------------------------------------------------------- internals

  /** Under the lock: the first waiting receiver that takes an item, or null. */
  private Receiver<T> claimReceiver() {
    for (Receiver<T> receiver; (receiver = receivers.pollFirst()) != null; ) {
      if (receiver.claim()) {
        return receiver;
      }
    }
    return null;
  }

  /** Under the lock: the first waiting send, claimed, or null. */
  private SendTask<T> claimSender() {
    SendTask<T> sender = senders.pollFirst();
    if (sender != null && !sender.claim()) {
      throw new AssertionError("a withdrawn send was still queued: " + sender);
    }
    return sender;
  }

  /** A waiting receive's cancel: leaves the queue if nothing was handed to it yet. */
  boolean withdraw(ReceiveTask<T> receive) {
    synchronized (lock) {
      if (!receive.claim()) {
        return false;
      }
      receivers.remove(receive);
      return true;
    }
  }

  /** A waiting send's cancel: leaves the queue, with its item, if no receiver took it yet. */
  boolean withdraw(SendTask<T> send) {
    synchronized (lock) {
      if (!send.claim()) {
        return false;
      }
      senders.remove(send);
      return true;
    }
  }

  /** What every receive of a closed, drained channel returns: one shared finished task. */
  @SuppressWarnings("unchecked")
  private static <T> Task<T> closedAndDrained() {
    return (Task<T>) CLOSED_AND_DRAINED;
  }

  private static void requireItem(Object item, String operation) {
    if (item == null) {
      throw new NullPointerException("Channel." + operation + "(item) must be given an item:"
          + " null; null marks a closed channel in receive(), so it cannot be sent");
    }
  }

  private IllegalStateException closedError(String operation, T item) {
    return new IllegalStateException("Channel." + operation + "(" + item + ") must be called"
        + " before close(): " + this + " is closed; stop sending once you close it, or check"
        + " isClosed() (trySend returns false instead)");
  }

  @Override
  public String toString() {
    return "Channel[" + (capacity == Integer.MAX_VALUE ? "unbounded" : "capacity " + capacity)
        + (closed ? ", closed]" : "]");
  }
}
