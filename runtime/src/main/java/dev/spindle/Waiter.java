package dev.spindle;

/**
 * Told once, on the completing thread, that a task has finished.
 *
 * <p>This is the one continuation type of the runtime: a suspended {@code AsyncFrame}, a blocked
 * {@link Task#join()}, a {@code CompletableFuture} bridge and {@link Task#all} are all waiters.
 * A waiter must not block and should be quick; anything heavier hops to an event loop.
 */
@FunctionalInterface
public interface Waiter {
  /** Called exactly once when {@code task} is done, on the thread that completed it. */
  void taskDone(Task<?> task);
}
