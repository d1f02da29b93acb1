package dev.spindle;


/** {@link Task#any}: the outcome of the first input to finish; the others are cancelled. */
final class AnyTask<T> extends Task<T> implements Waiter {
  private final Task<? extends T>[] inputs;

  private AnyTask(Task<? extends T>[] inputs) {
    this.inputs = inputs;
  }

  @SuppressWarnings("unchecked")
  static <T> Task<T> of(Task<?>[] inputs) {
    if (inputs.length == 0) {
      throw new IllegalArgumentException("Task.any(...) must be given at least one task: none;"
          + " there is nothing to wait for");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new NullPointerException("Task.any(...) must be given tasks: argument " + i
            + " is null");
      }
    }
    AnyTask<T> any = new AnyTask<>((Task<? extends T>[]) inputs);
    for (Task<?> input : inputs) {
      input.whenDone(any);
    }
    return any;
  }

  @Override
  public void taskDone(Task<?> task) {
    if (completeFrom(task)) {
      cancelAll();
    }
  }

  @Override
  public boolean cancel() {
    boolean cancelled = super.cancel();
    if (cancelled) {
      cancelAll();
    }
    return cancelled;
  }

  private void cancelAll() {
    for (Task<? extends T> input : inputs) {
      input.cancel(); // a finished one ignores it
    }
  }
}
