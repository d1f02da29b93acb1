package dev.spindle.sync;

/**
 * What a {@link Channel#select} got: the item of the channel that won, with its index in the
 * argument list, or a time-out. Immutable.
 */
public final class Selected<T> {
  private static final Selected<?> TIMED_OUT = new Selected<>(-1, null);

  private final int index;
  private final T item;

  private Selected(int index, T item) {
    this.index = index;
    this.item = item;
  }

  static <T> Selected<T> of(int index, T item) {
    return new Selected<>(index, item);
  }

  @SuppressWarnings("unchecked")
  static <T> Selected<T> timeout() {
    return (Selected<T>) TIMED_OUT;
  }

  /** The position of the winning channel among the channels given to select; -1 on time-out. */
  public int index() {
    return index;
  }

  /**
   * The item taken from the winning channel; {@code null} if that channel is closed and drained,
   * or on time-out.
   */
  public T item() {
    return item;
  }

  /** Whether the select timed out: no channel gave an item, and none was taken. */
  public boolean timedOut() {
    return index < 0;
  }

  @Override
  public String toString() {
    return index < 0 ? "Selected[timed out]" : "Selected[channel " + index + ": " + item + "]";
  }
}
