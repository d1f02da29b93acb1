package dev.spindle.junit;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, before a test class's first test, that its {@code @Async} code will really run as
 * {@code @Async} code: the Spindle agent is installed in this JVM, or the class was woven at
 * build time. Otherwise every test of the class fails with a message that names the fix, instead
 * of each failing at its first {@code await} with "was not rewritten".
 *
 * <p>Use {@link SpindleTest @SpindleTest}, or {@code @ExtendWith(SpindleExtension.class)}. The
 * agent itself is installed by {@link AgentSessionListener}, before JUnit loads any test class;
 * when no launcher session opened (an old launcher), this extension installs it, too late for the
 * test class itself but in time for everything it loads later. Either way, an {@code @Async}
 * method of the test class (or a superclass) that was not rewritten fails the class, with why.
 */
public final class SpindleExtension implements BeforeAllCallback {
  /** Instantiated by JUnit. */
  public SpindleExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    AgentInstallation installation = AgentInstallation.ensure(
        "SpindleExtension, after " + testClass.getName() + " loaded", true);
    List<Method> declared = new ArrayList<>();
    List<Method> notRewritten = new ArrayList<>();
    for (Class<?> type = testClass; type != null && type != Object.class;
        type = type.getSuperclass()) {
      declared.addAll(RewrittenMethods.asyncMethods(type));
      notRewritten.addAll(RewrittenMethods.notRewritten(type));
    }
    if (installation.failure == null) {
      if (!notRewritten.isEmpty()) {
        throw new ExtensionConfigurationException(Messages.notRewritten(testClass,
            notRewritten, installation));
      }
      return;
    }
    if (!declared.isEmpty() && notRewritten.isEmpty()) {
      return; // woven at build time: the class needs no agent, and so may what it calls
    }
    throw new ExtensionConfigurationException(Messages.agentMissing(testClass,
        installation.failure), installation.failure);
  }
}
