package dev.spindle.agent.transform;

/**
 * A method the agent would not rewrite, and why. {@code message} is complete and user-facing:
 * rule, class, method, source line and fix.
 *
 * @param className binary name with dots, as in a stack trace ({@code com.acme.Shop$Item})
 * @param methodName the method's name ({@code lambda$buy$0} for a lambda body; empty when the
 *     whole class could not be read)
 * @param descriptor the method's JVM descriptor
 * @param line the source line of the offending await, else the method's first line; -1 if the
 *     class has no line numbers
 * @param message the complete message, also thrown by a refused {@code @Async} method
 */
public record Refusal(String className, String methodName, String descriptor, int line,
    String message) {}
