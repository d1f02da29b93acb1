package dev.spindle.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The main class of {@link MissingAgentTest}'s child JVMs: runs one test class through the JUnit
 * Platform launcher, as Surefire does, and prints each failure's message on a line of its own,
 * after "FAILURE: ". With {@code --load-first} it loads the class before the launcher session
 * opens, as a launcher that scans classes first would.
 */
public final class ChildLauncher {
  private ChildLauncher() {}

  public static void main(String[] arguments) throws ClassNotFoundException {
    String className = arguments[arguments.length - 1];
    if (arguments[0].equals("--load-first")) {
      Class.forName(className, false, ChildLauncher.class.getClassLoader());
    }
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    try (LauncherSession session = LauncherFactory.openSession()) {
      session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request()
          .selectors(selectClass(className)).build(), summary);
    }
    TestExecutionSummary result = summary.getSummary();
    System.out.println("tests: " + result.getTestsStartedCount() + " started, "
        + result.getTestsSucceededCount() + " succeeded, " + result.getTestsFailedCount()
        + " failed");
    for (TestExecutionSummary.Failure failure : result.getFailures()) {
      System.out.println("FAILURE: " + failure.getException().getMessage());
    }
  }
}
