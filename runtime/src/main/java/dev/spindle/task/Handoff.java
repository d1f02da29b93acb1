package dev.spindle.task;

/**
 * A task whose value hands something over that must not be dropped: an item taken from a
 * channel, a permit of a semaphore. Such a task refuses a cancellation that comes after the
 * hand-off was decided, and a suspended call ({@code AsyncFrame}) that is cancelled while such a
 * task finishes with a value takes the value at its {@code await} instead of throwing
 * {@code CancellationException}: it sees the cancellation at its next suspension. Otherwise the
 * item (or permit) would be lost between the task that took it and the call that never read it.
 */
public interface Handoff {}
