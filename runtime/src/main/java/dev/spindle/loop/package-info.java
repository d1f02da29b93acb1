/**
 * The inside of an event loop: the {@link dev.spindle.loop.Reactor} (one
 * {@link java.nio.channels.Selector}), a {@link dev.spindle.loop.Registration} per channel, the
 * {@link dev.spindle.loop.Interest} ops, the {@link dev.spindle.loop.MpscQueue} inbox through
 * which other threads reach the loop, and the {@link dev.spindle.loop.IoTrace} hook. Everything
 * here is touched by the loop thread only, except {@code MpscQueue.offer},
 * {@code Reactor.wakeup} and {@code IoTrace.install}; see {@code docs/threading.md}.
 */
package dev.spindle.loop;
