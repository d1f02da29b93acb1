/**
 * The rewrite pipeline: turns each {@code @Async} method of one class file into the state machine
 * of {@code docs/bytecode-contract.md}. Pure phases with immutable records between them, named by
 * role:
 *
 * <ol>
 *   <li>{@code scan/} — a {@code *Scanner} finds: {@code @Async} methods, their await calls
 *       ({@code SuspensionPoint}) and what must be refused ({@code Refusal}, with its message).
 *   <li>{@code analysis/} — an {@code *Analyzer} only reads and produces facts: the verifier type
 *       of every local and stack value before each instruction ({@code FrameSnapshot}, from the
 *       class's own stack map frames, never from a class hierarchy), live locals, held monitors.
 *   <li>{@code spill/} — the {@code FrameSpiller} decides where each live value is saved
 *       ({@code SpillPlan}) and emits the save and restore code.
 *   <li>{@code rewrite/} — a {@code *Rewriter} changes a method: the constructor-call pre-pass,
 *       the state machine, the forwarder and resume bridge, the throwing body of a refusal.
 * </ol>
 *
 * <p>{@link dev.spindle.agent.transform.AsyncClassTransformer} only orchestrates them, and
 * {@link dev.spindle.agent.transform.Names} holds every name the generated code uses.
 */
package dev.spindle.agent.transform;
