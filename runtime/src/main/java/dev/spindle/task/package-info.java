/**
 * Task state and the continuation contract: {@link dev.spindle.task.AsyncFrame} (one suspended
 * {@code @Async} call, and its task), {@link dev.spindle.task.Resumer} (re-enters the rewritten
 * method), {@link dev.spindle.task.Waiter} (the one continuation type),
 * {@link dev.spindle.task.TaskState} (the states and their legal transitions). Generated code
 * calls this package; users rarely do. The exact sequence is in
 * {@code docs/bytecode-contract.md}; a hand-written equivalent lives in the runtime's tests
 * ({@code HandWrittenAdder}).
 */
package dev.spindle.task;
