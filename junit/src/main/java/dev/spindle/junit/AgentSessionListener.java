package dev.spindle.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the Spindle agent when a JUnit Platform launcher session opens, which is before the
 * launcher discovers, and so loads, any test class: {@code @Async} methods of test classes are
 * then rewritten as if the JVM had started with {@code -javaagent}. Registered through
 * {@code META-INF/services}, so having {@code spindle-junit} on the test classpath is enough
 * (Maven Surefire 3.0.0-M6+, Gradle, IntelliJ IDEA open such sessions).
 *
 * <p>A failure to install is not thrown here, where it would abort every test of every engine:
 * {@link SpindleExtension} reports it on each {@code @SpindleTest} class instead.
 */
public final class AgentSessionListener implements LauncherSessionListener {
  /** Called by the launcher through {@link java.util.ServiceLoader}. */
  public AgentSessionListener() {}

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    AgentInstallation.ensure("spindle-junit's LauncherSessionListener, before test discovery",
        false);
  }
}
