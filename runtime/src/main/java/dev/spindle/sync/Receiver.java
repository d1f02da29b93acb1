package dev.spindle.sync;

/**
 * What waits in a {@link Channel}'s queue of receivers: a {@link Channel#receive()} or one branch
 * of a {@link Channel#select}.
 */
interface Receiver<T> {
  /**
   * Under the channel's lock: reserves this receiver for one item; false if it no longer wants
   * one (cancelled, or its select was won by another branch). A true answer is final.
   */
  boolean claim();

  /** After a true {@link #claim()}, outside every lock: hands over {@code item} (null: closed). */
  void deliver(T item);
}
