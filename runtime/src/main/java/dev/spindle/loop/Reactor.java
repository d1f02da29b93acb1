package dev.spindle.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
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
 * <p>The selector is opened the first time the loop needs it: for its first channel, or to wait.
 * A loop that only runs tasks (a computation, a test, a benchmark of yields) makes no system call
 * for a selector it never uses.
 *
 * <p>Loop thread only, except {@link #wakeup()}.
 */
public final class Reactor {
  private static final Consumer<SelectionKey> IGNORE = key -> { };

  /**
   * {@code null} until first needed. Written once by the loop thread; read by any thread in
   * {@link #wakeup()}.
   */
  private volatile Selector selector;
  /**
   * Set by a {@link #wakeup()} that found no selector yet; the loop thread checks it after it
   * opens one. Any thread.
   */
  private volatile boolean wokenBeforeOpen;
  /** Loop thread only: set by {@link #close()}, after which no selector is opened. */
  private boolean closed;
  /** Created once: the per-key action of every select. */
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  /**
   * Loop thread only: what runs at the next {@link #channelClosed()}, once; listeners paused for
   * want of a file descriptor. Empty but during such a shortage.
   */
  private final ArrayList<Runnable> closeWaiters = new ArrayList<>(0);
  /** Told about a throwable escaping a registration's waiter; never user code under a lock. */
  private final BiConsumer<Object, Throwable> onUncaught;

  /**
   * A reactor whose selector opens when first needed.
   *
   * @param onUncaught told about anything thrown while handling readiness; the loop goes on
   */
  public Reactor(BiConsumer<Object, Throwable> onUncaught) {
    this.onUncaught = onUncaught;
  }

  /** Opens the selector now unless open; the first channel of a loop calls it. Loop thread only. */
  void openIfNeeded() {
    selector();
  }

  /** The selector, opened now if this is the first time; loop thread only. */
  private Selector selector() {
    Selector open = selector;
    return open != null ? open : open();
  }

  private Selector open() {
    if (closed) {
      throw new java.nio.channels.ClosedSelectorException(); // as the closed selector would
    }
    Selector opened;
    try {
      opened = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("Reactor could not open a java.nio Selector: " + e
          + "; check the process's open-file limit (ulimit -n)", e);
    }
    selector = opened;
    // Dekker's pattern with wakeup(): it writes the flag, then reads the selector; this wrote the
    // selector, now reads the flag. Either it saw the selector, or this sees the flag.
    if (wokenBeforeOpen) {
      opened.wakeup();
    }
    if (InstalledTrace.enabled()) {
      InstalledTrace.emit("selector created (" + opened.provider().getClass().getSimpleName() + ")");
    }
    return opened;
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
      Selector open = selector();
      return timeoutMillis < 0 ? open.selectNow(dispatch) : open.select(dispatch, timeoutMillis);
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
    Selector open = selector;
    return open != null && !open.keys().isEmpty();
  }

  /** Makes a blocked or the next {@link #select} return at once. Any thread. */
  public void wakeup() {
    Selector open = selector;
    if (open == null) {
      wokenBeforeOpen = true;
      open = selector; // see open(): the loop thread may have opened it meanwhile
      if (open == null) {
        return;
      }
    }
    open.wakeup();
  }

  /** The keys of the selector, cancelled ones included until the next select; for tests. */
  public Set<SelectionKey> keys() {
    Selector open = selector;
    return open == null ? Set.of() : Collections.unmodifiableSet(open.keys());
  }

  /** Closes the selector, if one was opened; the loop has stopped. */
  public void close() {
    closed = true;
    Selector open = selector;
    if (open == null) {
      return;
    }
    try {
      open.close();
    } catch (IOException ignored) {
      // nothing waits on a stopped loop's selector
    }
  }

  /** Registers {@code channel} for {@code ops}; loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, Registration registration)
      throws ClosedChannelException {
    try {
      return channel.register(selector(), ops, registration);
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

  /**
   * Runs {@code waiter} once, at the next {@link #channelClosed()}; nothing if it waits already.
   * Loop thread only.
   */
  public void awaitChannelClose(Runnable waiter) {
    if (!closeWaiters.contains(waiter)) {
      closeWaiters.add(waiter);
    }
  }

  /** Takes back {@link #awaitChannelClose}; loop thread only. */
  public void forgetChannelCloseWaiter(Runnable waiter) {
    closeWaiters.remove(waiter);
  }

  /**
   * A channel of this loop has been closed, so a file descriptor is free: runs (and forgets)
   * the close waiters. Costs one emptiness check when none waits. Loop thread only.
   */
  public void channelClosed() {
    if (closeWaiters.isEmpty()) {
      return;
    }
    Runnable[] waiting = closeWaiters.toArray(new Runnable[0]);
    closeWaiters.clear();
    for (Runnable waiter : waiting) {
      try {
        waiter.run();
      } catch (Throwable error) {
        onUncaught.accept(waiter, error);
      }
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
