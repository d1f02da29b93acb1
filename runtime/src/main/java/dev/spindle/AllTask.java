package dev.spindle;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Task#all}: the values of every input in order, or the first failure. */
final class AllTask<T> extends Task<List<T>> {
  private final Task<? extends T>[] inputs;
  /** Slot i is written by the thread that finishes input i, before it decrements {@link #left}. */
  private final Object[] values;
  private final AtomicInteger left;

  private AllTask(Task<? extends T>[] inputs) {
    this.inputs = inputs;
    this.values = new Object[inputs.length];
    this.left = new AtomicInteger(inputs.length);
  }

  @SuppressWarnings("unchecked")
  static <T> Task<List<T>> of(Task<?>[] inputs) {
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new NullPointerException("Task.all(...) must be given tasks: argument " + i
            + " is null");
      }
    }
    if (inputs.length == 0) {
      return Task.completed(List.of());
    }
    AllTask<T> all = new AllTask<>((Task<? extends T>[]) inputs);
    for (int i = 0; i < inputs.length; i++) {
      all.watch(i);
    }
    return all;
  }

  private void watch(int index) {
    inputs[index].whenDone(new Slot(index));
  }

  @Override
  public boolean cancel() {
    boolean cancelled = super.cancel();
    if (cancelled) {
      for (Task<? extends T> input : inputs) {
        input.cancel();
      }
    }
    return cancelled;
  }

  @SuppressWarnings("unchecked")
  private List<T> list() {
    return (List<T>) Collections.unmodifiableList(Arrays.asList(values));
  }

  /** Told when input {@code index} finishes. */
  private final class Slot implements Waiter {
    private final int index;

    Slot(int index) {
      this.index = index;
    }

    @Override
    public void taskDone(Task<?> task) {
      Throwable error = task.failureNow();
      if (error != null) {
        completeFailure(error);
        return;
      }
      values[index] = task.resultNow();
      if (left.decrementAndGet() == 0) {
        completeValue(list());
      }
    }
  }
}
