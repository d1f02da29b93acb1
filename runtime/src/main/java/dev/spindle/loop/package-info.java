/**
 * The inside of an event loop: the {@link dev.spindle.loop.Reactor} (one
 * {@link java.nio.channels.Selector}), a {@link dev.spindle.loop.Registration} per channel, the
 * {@link dev.spindle.loop.Interest} ops, the {@link dev.spindle.loop.MpscQueue} inbox through
 * which other threads reach the loop, the installed I/O trace ({@link
 * dev.spindle.loop.InstalledTrace}, installed through {@code dev.spindle.io.IoTrace}) and {@link
 * dev.spindle.loop.LoopAccess}, through which Spindle's own packages reach the loop's internals.
 * Not exported. Everything here is touched by the loop thread only, except
 * {@code MpscQueue.offer}, {@code Reactor.wakeup} and {@code InstalledTrace.install}; see
 * {@code docs/threading.md}.
 */
package dev.spindle.loop;
