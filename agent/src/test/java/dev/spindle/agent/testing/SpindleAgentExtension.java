package dev.spindle.agent.testing;

import dev.spindle.agent.SpindleAgent;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs the Spindle agent into the test JVM (by self-attach) before a test class's tests run,
 * as {@code -javaagent:spindle-agent.jar} would before {@code main}.
 *
 * <p>Use {@code @ExtendWith(SpindleAgentExtension.class)}. JUnit has loaded the test class itself
 * by then, so keep the {@code @Async} methods under test in other classes (nested classes are
 * fine: each loads on first use). This module needs self-attach because its jar is packaged after
 * its tests; surefire here passes {@code -Djdk.attach.allowAttachSelf=true} and, on JDK 21+,
 * {@code -XX:+EnableDynamicAgentLoading}.
 */
public final class SpindleAgentExtension implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    SpindleAgent.install();
  }
}
