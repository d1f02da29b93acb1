/**
 * Task state and the continuation contract: {@link dev.spindle.task.Waiter} (the one
 * continuation type) and {@link dev.spindle.task.TaskState} (the states and their legal
 * transitions). The suspended call itself, {@code AsyncFrame}, lives in
 * {@code dev.spindle.internal.frame}, the package generated code calls.
 */
package dev.spindle.task;
