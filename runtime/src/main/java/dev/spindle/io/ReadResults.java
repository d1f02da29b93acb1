package dev.spindle.io;

import dev.spindle.Task;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Finished tasks for the byte counts reads return, shared, so that a read that finishes at once
 * allocates nothing (not its task, nor an {@link Integer} above 127), as
 * {@link Task#completed()} is shared for methods that return nothing. Sharing is safe: a finished
 * task never changes (cancel() on it does nothing, a waiter runs at once).
 *
 * <p>Counts from 0 to {@value #LIMIT} - 1 are cached, in chunks of {@value #CHUNK} filled on
 * first use; larger counts (reads into buffers over 64 KB) get a fresh task. Any thread: slots
 * are published with release stores and read with acquire loads, so a racing thread sees a
 * finished task or none (and then makes one; either is correct).
 */
final class ReadResults {
  static final int CHUNK = 1024;
  static final int LIMIT = 64 * 1024;
  private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(Task[][].class);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Task[].class);
  private static final Task<Integer> END_OF_STREAM = Task.completed(-1);
  private static final Task<?>[][] chunks = new Task<?>[LIMIT / CHUNK][];

  private ReadResults() {}

  /** The finished task of a read that returned {@code count} ({@code -1}: end of stream). */
  @SuppressWarnings("unchecked")
  static Task<Integer> of(int count) {
    if (count < 0) {
      return END_OF_STREAM;
    }
    if (count >= LIMIT) {
      return Task.completed(count);
    }
    Task<?>[] chunk = (Task<?>[]) CHUNKS.getAcquire(chunks, count / CHUNK);
    if (chunk == null) {
      Task<?>[] fresh = new Task<?>[CHUNK];
      Task<?>[] raced = (Task<?>[]) CHUNKS.compareAndExchangeRelease(chunks, count / CHUNK,
          null, fresh);
      chunk = raced == null ? fresh : raced;
    }
    Task<Integer> task = (Task<Integer>) SLOTS.getAcquire(chunk, count % CHUNK);
    if (task == null) {
      task = Task.completed(count);
      SLOTS.setRelease(chunk, count % CHUNK, task);
    }
    return task;
  }

  /** The boxed {@code count}, shared with {@link #of}: a read that waited boxes nothing. */
  static Integer boxed(int count) {
    return count >= 0 && count < LIMIT ? of(count).resultNow() : Integer.valueOf(count);
  }
}
