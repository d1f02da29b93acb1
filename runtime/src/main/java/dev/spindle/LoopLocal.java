package dev.spindle;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A value of which each event loop has its own copy, made on the loop's first {@link #get()}:
 * a {@link ThreadLocal} for loops, so that handlers on an {@link EventLoopGroup} keep per-loop
 * buffers, pools and caches without sharing them and without a lock.
 *
 * <pre>{@code
 * private static final LoopLocal<BufferPool> BUFFERS = LoopLocal.withInitial(BufferPool::new);
 * ...
 * BufferPool pool = BUFFERS.get(); // this loop's pool, on the loop thread
 * }</pre>
 *
 * <p>The value lives as long as its loop, in a slot of the loop's own array (a read is a
 * thread's current loop, an array index and a null check). Make loop-locals once, as constants,
 * as one does thread-locals: each takes a slot on every loop that uses it, for the life of the
 * loop. The value is touched by its loop's thread only; {@link #get()} refuses elsewhere.
 */
public final class LoopLocal<T> {
  private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

  private final int index = NEXT_INDEX.getAndIncrement();
  private final Supplier<? extends T> initial;

  private LoopLocal(Supplier<? extends T> initial) {
    this.initial = initial;
  }

  /**
   * A loop-local whose value on each loop is made by {@code initial} (on that loop's thread) the
   * first time the loop asks; {@code initial} must not return null.
   */
  public static <T> LoopLocal<T> withInitial(Supplier<? extends T> initial) {
    if (initial == null) {
      throw new NullPointerException("LoopLocal.withInitial(initial) must be given a supplier:"
          + " null; for example LoopLocal.withInitial(ArrayDeque::new)");
    }
    return new LoopLocal<>(initial);
  }

  /**
   * The calling loop's value, made now if this loop has none yet.
   *
   * @throws IllegalStateException off an event-loop thread
   */
  @SuppressWarnings("unchecked") // the slot at index holds only what initial made
  public T get() {
    EventLoop loop = EventLoop.currentOrNull();
    if (loop == null) {
      throw new IllegalStateException("LoopLocal.get() must be called on an event-loop thread;"
          + " this is " + Thread.currentThread().getName() + ": each loop has its own value, so"
          + " ask from code that runs on the loop (an @Async method, EventLoop.execute)");
    }
    return (T) loop.local(index, initial);
  }

  @Override
  public String toString() {
    return "LoopLocal[" + index + ", initial " + initial + "]";
  }
}
