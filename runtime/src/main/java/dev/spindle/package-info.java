/**
 * Spindle's public API: {@link dev.spindle.Async @Async} methods return a
 * {@link dev.spindle.Task}, read other tasks with {@link dev.spindle.Await#await(Task) await},
 * and run on an {@link dev.spindle.EventLoop}. {@link dev.spindle.Promise} is the write side of a
 * task. Everything else in this package is package-private machinery of the combinators.
 *
 * <p>Subpackages: {@code task} (task state and the continuation contract generated code calls),
 * {@code loop} (the reactor, the inbox, the I/O trace), {@code timer} (timers and clocks),
 * {@code io} (async TCP). See {@code docs/design.md} and {@code docs/threading.md}.
 */
package dev.spindle;
