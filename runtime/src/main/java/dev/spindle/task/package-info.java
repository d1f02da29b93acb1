/**
 * The layer below tasks: {@link dev.spindle.task.Failure} (the outcome of a failed task), {@link
 * dev.spindle.task.TaskState} (the states and their legal transitions) and {@link
 * dev.spindle.task.Scheduler} (what a task and a suspended call need from the thread that runs
 * them; the event loop implements it, and {@link dev.spindle.task.Schedulers} finds the current
 * one). Knows no other Spindle package. Not exported.
 */
package dev.spindle.task;
