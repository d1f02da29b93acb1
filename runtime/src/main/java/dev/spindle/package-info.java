/**
 * Spindle's public API: {@link dev.spindle.Async @Async} methods return a
 * {@link dev.spindle.Task}, read other tasks with {@link dev.spindle.Await#await(Task) await},
 * and run on an {@link dev.spindle.EventLoop}. {@link dev.spindle.Promise} is the write side of a
 * task. Everything else in this package is package-private machinery of the combinators.
 *
 * <p>Also here: {@link dev.spindle.Clock} and {@link dev.spindle.ManualClock} (the time of a
 * loop's timers; a manual clock makes timer tests exact), {@link dev.spindle.TimerHandle} (from
 * {@link dev.spindle.EventLoop#runAfter}) and {@link dev.spindle.Waiter} (a callback of
 * {@link dev.spindle.Task#whenDone}).
 *
 * <p>The module {@code dev.spindle.runtime} exports this package, {@code dev.spindle.io} (async
 * TCP and the I/O trace) and {@code dev.spindle.internal.frame} (for code the agent generates,
 * not for users). Its other packages, {@code task}, {@code loop} and {@code timer}, are the
 * runtime's own. See {@code docs/design.md} and {@code docs/threading.md}.
 */
package dev.spindle;
