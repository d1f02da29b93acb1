/**
 * Timers of an event loop: {@link dev.spindle.timer.Timers}, a heap ordered by (deadline,
 * sequence) whose nearest deadline bounds the loop's select, and its {@link
 * dev.spindle.timer.Timer}s. Not exported: users see a timer as {@code dev.spindle.TimerHandle}
 * and time as {@code dev.spindle.Clock} (or {@code dev.spindle.ManualClock} in tests).
 */
package dev.spindle.timer;
