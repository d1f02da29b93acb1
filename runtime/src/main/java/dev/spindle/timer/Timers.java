package dev.spindle.timer;

/**
 * The timers of one event loop: a binary min-heap ordered by (deadline, sequence), as smol's
 * reactor orders them. The nearest deadline sets how long the loop may block in its selector.
 *
 * <p>Loop thread only (no locks): other threads reach it through the loop's inbox. A cancelled
 * timer is removed from the heap at once (each timer knows its index), so nothing leaks however
 * many timers are cancelled before they fire.
 */
public final class Timers {
  private Timer[] heap = new Timer[64];
  private int size;
  private long nextSequence;

  /** Adds {@code timer} unless it was cancelled on its way to the loop. */
  public void add(Timer timer) {
    if (!timer.isPending() || timer.index >= 0) {
      return;
    }
    timer.sequence = nextSequence++;
    if (size == heap.length) {
      heap = java.util.Arrays.copyOf(heap, size * 2);
    }
    timer.index = size;
    heap[size++] = timer;
    siftUp(timer.index);
  }

  /** Removes {@code timer} if it is in the heap. */
  public void remove(Timer timer) {
    int index = timer.index;
    if (index < 0 || index >= size || heap[index] != timer) {
      return;
    }
    removeAt(index);
  }

  /** The number of timers waiting. */
  public int size() {
    return size;
  }

  /** Whether no timer is waiting. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** The nearest deadline; only meaningful when not {@link #isEmpty()}. */
  public long nearestDeadline() {
    return heap[0].deadline;
  }

  /** The sequence number the next added timer will get; bounds a firing round. */
  public long nextSequence() {
    return nextSequence;
  }

  /**
   * Removes and returns the first timer due at {@code now} that was added before sequence
   * {@code before} and not cancelled, or {@code null}. The caller runs it.
   */
  public Timer pollDue(long now, long before) {
    while (size > 0) {
      Timer first = heap[0];
      if (first.deadline > now || first.sequence >= before) {
        return null;
      }
      removeAt(0);
      if (first.claim()) {
        return first;
      }
    }
    return null;
  }

  private void removeAt(int index) {
    Timer gone = heap[index];
    gone.index = -1;
    size--;
    if (index == size) {
      heap[size] = null;
      return;
    }
    Timer last = heap[size];
    heap[size] = null;
    heap[index] = last;
    last.index = index;
    siftDown(index);
    if (heap[index] == last) {
      siftUp(index);
    }
  }

  private static boolean before(Timer a, Timer b) {
    return a.deadline < b.deadline || (a.deadline == b.deadline && a.sequence < b.sequence);
  }

  private void siftUp(int index) {
    Timer timer = heap[index];
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      Timer above = heap[parent];
      if (!before(timer, above)) {
        break;
      }
      heap[index] = above;
      above.index = index;
      index = parent;
    }
    heap[index] = timer;
    timer.index = index;
  }

  private void siftDown(int index) {
    Timer timer = heap[index];
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], timer)) {
        break;
      }
      heap[index] = heap[child];
      heap[index].index = index;
      index = child;
    }
    heap[index] = timer;
    timer.index = index;
  }
}
