/**
 * Timers of an event loop: {@link dev.spindle.timer.Timers}, a heap ordered by (deadline,
 * sequence) whose nearest deadline bounds the loop's select; {@link dev.spindle.timer.TimerHandle}
 * from {@code EventLoop.runAfter}; {@link dev.spindle.timer.Clock} and the
 * {@link dev.spindle.timer.ManualClock} that makes timer tests exact without sleeping.
 */
package dev.spindle.timer;
