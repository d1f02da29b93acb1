package dev.spindle.agent;

import dev.spindle.agent.transform.AsyncClassTransformer;
import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code spindle-agent.jar}: rewrites every {@code @Async} method of every class
 * loaded after it installs. Like any {@code java.lang.instrument} agent it installs in one of
 * three ways:
 *
 * <ul>
 *   <li>{@code java -javaagent:spindle-agent.jar ...} calls {@link #premain};
 *   <li>an executable jar naming {@code Launcher-Agent-Class: dev.spindle.agent.SpindleAgent}
 *       (with the agent jar on its {@code Class-Path}) calls {@link #agentmain} before
 *       {@code main};
 *   <li>{@link #install()} attaches to the running JVM, for tests: classes loaded before it are
 *       not rewritten.
 * </ul>
 *
 * <p>Or no agent at all: {@link Weaver} (behind {@code spindle-maven-plugin} and
 * {@code java -jar spindle-agent.jar weave DIR...}) writes the same bytes ahead of time, and an
 * agent installed anyway leaves such classes alone.
 *
 * <p>Installing twice, in any combination, installs once. Options are system properties read at
 * installation (see {@link AgentOptions}).
 */
public final class SpindleAgent {
  private static final Object LOCK = new Object();
  /** Guarded by LOCK for writes; read without it once set. */
  private static volatile LoadTimeTransformer installed;

  private SpindleAgent() {}

  /** {@code -javaagent}: called before {@code main}. */
  public static void premain(String arguments, Instrumentation instrumentation) {
    installOn(instrumentation);
  }

  /** Dynamic attach and {@code Launcher-Agent-Class}. */
  public static void agentmain(String arguments, Instrumentation instrumentation) {
    installOn(instrumentation);
  }

  /**
   * Installs the agent into the running JVM unless it already is; thread-safe. Classes that
   * loaded before are left as they are: call this before the first class with {@code @Async}
   * methods loads.
   *
   * @throws IllegalStateException if the JVM does not allow attaching, with what to change
   */
  public static void install() {
    if (installed != null) {
      return;
    }
    synchronized (LOCK) {
      if (installed == null) {
        installOn(SelfAttach.instrumentation());
      }
    }
  }

  /** The installed transformer, for tests: the same one however often install runs. */
  static Object installedTransformer() {
    return installed;
  }

  /** Whether the agent is installed in this JVM (through this class's loader). */
  public static boolean isInstalled() {
    return installed != null;
  }

  private static void installOn(Instrumentation instrumentation) {
    synchronized (LOCK) {
      if (installed != null) {
        return;
      }
      AgentOptions options = AgentOptions.fromSystemProperties();
      LoadTimeTransformer transformer = new LoadTimeTransformer(
          new AsyncClassTransformer(options.transformOptions())::transform, options,
          new AgentReporter());
      // loaded now, not inside a class's loading
      AsyncMarkerScanner.needsRewrite(new byte[0]);
      DeclaredAsyncMethods.of(new byte[0]);
      SkipReason.values();
      instrumentation.addTransformer(transformer, false);
      installed = transformer;
    }
  }
}
