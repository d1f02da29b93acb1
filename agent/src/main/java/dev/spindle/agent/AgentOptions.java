package dev.spindle.agent;

import dev.spindle.agent.transform.TransformOptions;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The agent's switches, read once from system properties when the agent installs.
 *
 * <ul>
 *   <li>{@code -Dspindle.strict=true}: a refused method or an internal failure of the rewriter
 *       makes its class fail to initialize (our own tests run this way);
 *   <li>{@code -Dspindle.dump=<dir>}: each rewritten class file is written there, with an ASM
 *       listing ({@code .txt}) beside it;
 *   <li>{@code -Dspindle.alwaysSuspend=true}: every {@code await} suspends, even on a finished
 *       task (tests use it to drive every resume path).
 * </ul>
 *
 * @param strict refusals and internal failures are fatal to the class
 * @param dumpDirectory where rewritten classes are written, or {@code null}
 * @param alwaysSuspend no fast path for finished tasks
 */
public record AgentOptions(boolean strict, Path dumpDirectory, boolean alwaysSuspend) {
  public static final String STRICT = "spindle.strict";
  public static final String DUMP = "spindle.dump";
  public static final String ALWAYS_SUSPEND = "spindle.alwaysSuspend";

  /** The options this JVM was started with. */
  public static AgentOptions fromSystemProperties() {
    return from(System.getProperties());
  }

  /** The options named in {@code properties}; unknown properties are ignored. */
  public static AgentOptions from(Properties properties) {
    String dump = properties.getProperty(DUMP);
    if (dump != null && dump.isBlank()) {
      throw new IllegalArgumentException(DUMP + " must name a directory, but is empty: use -D"
          + DUMP + "=/tmp/spindle-dump, or leave it out");
    }
    return new AgentOptions(flag(properties, STRICT), dump == null ? null : Path.of(dump),
        flag(properties, ALWAYS_SUSPEND));
  }

  private static boolean flag(Properties properties, String name) {
    String value = properties.getProperty(name);
    if (value == null || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.isEmpty() || value.equalsIgnoreCase("true")) {
      return true; // a bare -Dspindle.strict means "on"
    }
    throw new IllegalArgumentException(name + " must be true or false, but is \"" + value
        + "\": use -D" + name + "=true");
  }

  /** What the rewriter needs to know. */
  public TransformOptions transformOptions() {
    return new TransformOptions(alwaysSuspend);
  }
}
