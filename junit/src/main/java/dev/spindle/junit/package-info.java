/**
 * JUnit 5 support for code with {@code @Async} methods.
 *
 * <ul>
 *   <li>On the test classpath, this jar installs the Spindle agent when the JUnit Platform opens
 *       its launcher session, before any test class loads ({@link AgentSessionListener}): no
 *       {@code -javaagent} in Surefire's {@code argLine}, and test classes may declare
 *       {@code @Async} methods themselves. The agent attaches to the running JVM, which needs a
 *       JDK with the {@code jdk.attach} module; JDK 21+ prints a warning unless the JVM runs with
 *       {@code -XX:+EnableDynamicAgentLoading}.
 *   <li>{@link SpindleTest @SpindleTest} on a test class fails its tests up front, naming the fix,
 *       when the agent could not be installed for it.
 *   <li>{@link AsyncTests#run} runs a task from a {@code void} test method on a fresh event loop,
 *       with a timeout.
 * </ul>
 */
package dev.spindle.junit;
