/**
 * For code the Spindle agent generates, not for users: {@link
 * dev.spindle.internal.frame.AsyncFrame} (one suspended {@code @Async} call, and its task) and
 * {@link dev.spindle.internal.frame.Resumer} (re-enters the rewritten method). The package is
 * exported only because rewritten classes live in the user's module; its members may change in
 * any release, as Kotlin's {@code kotlin.coroutines.jvm.internal}. The exact sequence generated
 * code follows is in {@code docs/bytecode-contract.md}; a hand-written equivalent lives in the
 * runtime's tests ({@code HandWrittenAdder}).
 */
package dev.spindle.internal.frame;
