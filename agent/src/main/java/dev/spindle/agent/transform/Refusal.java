package dev.spindle.agent.transform;

/**
 * A method the agent would not rewrite, and why. {@code message} is complete and user-facing:
 * rule, class, method, descriptor, source line and fix.
 */
public record Refusal(String className, String methodName, String descriptor, int line,
    String message) {}
