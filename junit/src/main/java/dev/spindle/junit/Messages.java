package dev.spindle.junit;

import dev.spindle.agent.SpindleAgent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Properties;

/** The texts of this module's failures: rule, place, value and fix. */
final class Messages {
  private Messages() {}

  static String agentMissing(Class<?> testClass, RuntimeException failure) {
    String version = agentVersion();
    return "@SpindleTest " + testClass.getName() + ": the Spindle agent is not installed in this"
        + " JVM, so @Async methods would throw \"not rewritten\" at their first await."
        + " spindle-junit tried to install it before test discovery and failed: "
        + failure.getMessage() + ". Fix, one of: pass the agent to the test JVM, as Surefire's"
        + " <argLine>-javaagent:${settings.localRepository}/dev/spindle/spindle-agent/" + version
        + "/spindle-agent-" + version + ".jar</argLine>; or allow it to attach itself (a JDK"
        + " with the jdk.attach module, and no -XX:-EnableDynamicAgentLoading); or weave the"
        + " classes at build time with spindle-maven-plugin";
  }

  static String notRewritten(Class<?> testClass, List<Method> notRewritten,
      AgentInstallation installation) {
    String why = installation.late
        ? "the class loaded before the Spindle agent was installed (by " + installation.by
            + "), as no JUnit launcher session opened before discovery to install it earlier"
        : "either the class loaded before the Spindle agent was installed (by "
            + installation.by + "), or the agent refused them (its report on stderr names the"
            + " line and the reason)";
    return "@SpindleTest " + testClass.getName() + ": @Async method(s) "
        + RewrittenMethods.describe(notRewritten) + " were not rewritten: " + why + ". Fix, one"
        + " of: run the tests with a launcher that opens a session before it loads test classes"
        + " (Maven Surefire 3.0.0-M6 or newer, Gradle, IntelliJ IDEA); or pass"
        + " -javaagent:spindle-agent.jar to the test JVM; or move the @Async methods into a class"
        + " that loads later";
  }

  /** The agent's Maven version, from its jar; "VERSION" when it runs from a class folder. */
  private static String agentVersion() {
    try (InputStream in = SpindleAgent.class.getResourceAsStream(
        "/META-INF/maven/dev.spindle/spindle-agent/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "VERSION");
      }
    } catch (IOException unreadable) {
      // fall through: the message still names the path, with a placeholder
    }
    return "VERSION";
  }
}
