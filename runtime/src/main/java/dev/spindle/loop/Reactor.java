package dev.spindle.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Collections;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The readiness side of an event loop: one {@link Selector} and the {@link Registration}s on it,
 * as mio's {@code Poll} or smol's {@code Reactor}. The event loop calls {@link #select} once per
 * turn; ready keys are handed straight to their registration through
 * {@link Selector#select(Consumer, long)}, so a turn allocates nothing (no selected-key set).
 *
 * <p>Loop thread only, except {@link #wakeup()}.
 */
public final class Reactor {
  private static final Consumer<SelectionKey> IGNORE = key -> { };

  private final Selector selector;
  /** Created once: the per-key action of every select. */
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  /** Told about a throwable escaping a registration's waiter; never user code under a lock. */
  private final BiConsumer<Object, Throwable> onUncaught;

  /**
   * Opens the selector.
   *
   * @param onUncaught told about anything thrown while handling readiness; the loop goes on
   */
  public Reactor(BiConsumer<Object, Throwable> onUncaught) {
    this.onUncaught = onUncaught;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Reactor could not open a java.nio Selector: " + e
          + "; check the process's open-file limit (ulimit -n)", e);
    }
    if (IoTrace.enabled()) {
      IoTrace.emit("selector created (" + selector.provider().getClass().getSimpleName() + ")");
    }
  }

  /**
   * Waits for readiness and hands every ready key to its registration. Loop thread only.
   *
   * @param timeoutMillis {@code -1} polls without waiting, {@code 0} waits until a key is ready
   *     or {@link #wakeup()}, a positive value waits at most that long
   * @return the number of keys handled
   */
  public int select(long timeoutMillis) {
    try {
      return timeoutMillis < 0 ? selector.selectNow(dispatch)
          : selector.select(dispatch, timeoutMillis);
    } catch (IOException e) {
      throw new UncheckedIOException("Reactor select failed: " + e, e);
    }
  }

  /**
   * Whether any channel is registered (cancelled keys included until the next select drops them).
   * Without one, a select that does not wait could report nothing, so the loop skips it: a loop
   * that only runs tasks and timers makes no system call per turn. Loop thread only.
   */
  public boolean hasChannels() {
    return !selector.keys().isEmpty();
  }

  /** Makes a blocked or the next {@link #select} return at once. Any thread. */
  public void wakeup() {
    selector.wakeup();
  }

  /** The keys of the selector, cancelled ones included until the next select; for tests. */
  public Set<SelectionKey> keys() {
    return Collections.unmodifiableSet(selector.keys());
  }

  /** Closes the selector; the loop has stopped. */
  public void close() {
    try {
      selector.close();
    } catch (IOException ignored) {
      // nothing waits on a stopped loop's selector
    }
  }

  /** Registers {@code channel} for {@code ops}; loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, Registration registration)
      throws ClosedChannelException {
    try {
      return channel.register(selector, ops, registration);
    } catch (CancelledKeyException staleKey) {
      // The channel's previous key was cancelled and the selector has not yet dropped it: a
      // select without waiting drops it. Readiness it reports is level-triggered, so ignoring it
      // here loses nothing; the next turn reports it again.
      try {
        selector.selectNow(IGNORE);
      } catch (IOException e) {
        throw new UncheckedIOException("Reactor select failed: " + e, e);
      }
      return channel.register(selector, ops, registration);
    }
  }

  private void dispatch(SelectionKey key) {
    Registration registration = (Registration) key.attachment();
    try {
      registration.ready(key);
    } catch (Throwable error) {
      onUncaught.accept(registration, error);
    }
  }
}
