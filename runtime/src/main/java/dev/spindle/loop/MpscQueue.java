package dev.spindle.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An unbounded multi-producer, single-consumer linked queue: any thread may {@link #offer}, one
 * thread (the event loop) may {@link #poll} and {@link #isEmpty}. The inbox through which other
 * threads reach a loop. Like {@link java.util.concurrent.ConcurrentLinkedQueue} restricted to one
 * consumer, which makes it wait-free for producers (one atomic swap) and lock-free to drain, in
 * the manner of Dmitry Vyukov's intrusive MPSC queue and JCTools' {@code MpscLinkedQueue}.
 *
 * <p>A producer swaps itself in as the tail, then links the previous tail to its node. Between
 * the two steps the consumer may see the queue as empty although the swap happened; the producer
 * wakes the loop after linking, so the element is seen on the next turn.
 */
public final class MpscQueue<E> {
  private static final VarHandle TAIL;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(MpscQueue.class, "tail", Node.class);
      NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Consumer only: the node before the first element (a consumed or initial stub node). */
  private Node<E> head;
  /** Producers: the last node; swapped atomically by {@link #offer}. */
  @SuppressWarnings("unused") // through TAIL
  private volatile Node<E> tail;

  public MpscQueue() {
    Node<E> stub = new Node<>(null);
    head = stub;
    tail = stub;
  }

  /** Adds {@code element} at the end. Any thread; never blocks. */
  @SuppressWarnings("unchecked")
  public void offer(E element) {
    if (element == null) {
      throw new NullPointerException("MpscQueue.offer(element) must be given an element: null");
    }
    Node<E> node = new Node<>(element);
    Node<E> previous = (Node<E>) TAIL.getAndSet(this, node);
    NEXT.setRelease(previous, node);
  }

  /** Removes and returns the first element, or {@code null} if none is visible. Consumer only. */
  @SuppressWarnings("unchecked")
  public E poll() {
    Node<E> next = (Node<E>) NEXT.getAcquire(head);
    if (next == null) {
      return null;
    }
    E element = next.element;
    next.element = null; // the node becomes the new stub; let the element go
    head = next;
    return element;
  }

  /** Whether no element is visible to the consumer. Consumer only. */
  public boolean isEmpty() {
    return NEXT.getAcquire(head) == null;
  }

  /**
   * The number of elements visible to the consumer, by walking them: for diagnostics, not for
   * deciding anything. Consumer only.
   */
  @SuppressWarnings("unchecked")
  public int size() {
    int count = 0;
    for (Node<E> node = (Node<E>) NEXT.getAcquire(head); node != null;
        node = (Node<E>) NEXT.getAcquire(node)) {
      count++;
    }
    return count;
  }

  private static final class Node<E> {
    E element;
    @SuppressWarnings("unused") // through NEXT
    volatile Node<E> next;

    Node(E element) {
      this.element = element;
    }
  }
}
