package dev.spindle.agent;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Gets an {@link Instrumentation} for the running JVM without {@code -javaagent}, through Byte
 * Buddy's attach helper: in-process when {@code -Djdk.attach.allowAttachSelf=true}, otherwise
 * through a short-lived helper JVM. JDK 21+ prints a warning for such a dynamically loaded agent
 * unless started with {@code -XX:+EnableDynamicAgentLoading}.
 */
final class SelfAttach {
  private SelfAttach() {}

  static Instrumentation instrumentation() {
    try {
      return ByteBuddyAgent.install();
    } catch (RuntimeException failure) {
      throw new IllegalStateException("SpindleAgent.install() could not attach to this JVM (pid "
          + ProcessHandle.current().pid() + "): " + failure.getMessage() + "; start the JVM with"
          + " -javaagent:spindle-agent.jar, or allow self-attach with"
          + " -Djdk.attach.allowAttachSelf=true (and -XX:+EnableDynamicAgentLoading on JDK 21+)"
          + " on a JDK that has the jdk.attach module", failure);
    }
  }
}
