package dev.spindle.junit;

import dev.spindle.agent.SpindleAgent;

/**
 * The one attempt per JVM to install the Spindle agent, and what came of it: made by
 * {@link AgentSessionListener} before JUnit discovers any test class, or by
 * {@link SpindleExtension} when no launcher session opened first.
 */
final class AgentInstallation {
  /** Guarded by the class lock; null until the first attempt. */
  private static AgentInstallation attempt;

  /** Whether it was installed only after a test class had loaded (by the extension). */
  final boolean late;
  /** Who installed it, for messages. */
  final String by;
  /** Why it is not installed; null when it is. */
  final RuntimeException failure;

  private AgentInstallation(boolean late, String by, RuntimeException failure) {
    this.late = late;
    this.by = by;
    this.failure = failure;
  }

  /**
   * Installs the agent unless an earlier call tried already (successfully or not: a failed
   * self-attach costs a helper JVM, and would fail the same way again).
   *
   * @param by who asks, as a message would name it
   * @param late whether a test class has loaded already
   */
  static synchronized AgentInstallation ensure(String by, boolean late) {
    if (attempt == null) {
      attempt = tryInstall(by, late);
    }
    return attempt;
  }

  private static AgentInstallation tryInstall(String by, boolean late) {
    if (SpindleAgent.isInstalled()) {
      return new AgentInstallation(false, "-javaagent or an earlier SpindleAgent.install()", null);
    }
    try {
      SpindleAgent.install();
      return new AgentInstallation(late, by, null);
    } catch (RuntimeException failure) {
      return new AgentInstallation(late, by, failure);
    } catch (LinkageError broken) { // e.g. a class path without the agent's attach helper
      return new AgentInstallation(late, by, new IllegalStateException(broken.toString(), broken));
    }
  }
}
