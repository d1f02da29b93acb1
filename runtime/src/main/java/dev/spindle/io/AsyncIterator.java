package dev.spindle.io;

import dev.spindle.Task;

/**
 * An asynchronous {@link java.util.Iterator}: each {@link #next()} is a task, and the sequence
 * ends with a {@code null} element instead of {@code hasNext()} (as futures-rs {@code Stream}'s
 * {@code next()} ends with {@code None}, or a {@link java.util.concurrent.Flow.Subscriber} sees
 * {@code onComplete}). Pull-based, so the consumer sets the pace; there is no buffering.
 *
 * <pre>{@code
 * for (AsyncTcpStream conn; (conn = await(connections.next())) != null; ) { ... }
 * }</pre>
 */
@FunctionalInterface
public interface AsyncIterator<T> {
  /** The next element, or {@code null} once the sequence has ended. One call in flight at once. */
  Task<T> next();
}
