package dev.spindle.agent;

import dev.spindle.agent.transform.Notice;
import dev.spindle.agent.transform.Refusal;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Tells the user what the agent did not do, or did at a cost: every refusal, notice and internal
 * failure goes to the {@link System.Logger} named {@value #LOGGER_NAME} with its full message,
 * never nowhere (unlike Byte Buddy's listeners, which stay silent unless one is installed).
 *
 * <p>The logger is looked up at the first report, not when the agent installs: an application
 * that picks its {@code java.util.logging} manager at startup must still be able to.
 */
final class AgentReporter {
  static final String LOGGER_NAME = "dev.spindle.agent";

  private Logger logger;

  /** A method the rewriter refused; in strict mode its class will not initialize. */
  void refused(Refusal refusal, boolean strict) {
    logger().log(strict ? Level.ERROR : Level.WARNING, refusal.message());
  }

  /** A method rewritten, but worth knowing about (a state machine the JIT will not compile). */
  void notice(Notice notice) {
    logger().log(Level.WARNING, notice.message());
  }

  /** The rewriter threw: a bug in Spindle, reported with its stack trace. */
  void failed(String className, Throwable failure, boolean strict) {
    logger().log(Level.ERROR, internalFailureMessage(className, failure, strict), failure);
  }

  /** A class offered without a name mentions @Async or await, and its name cannot be read. */
  void namelessUnreadable(Throwable failure) {
    logger().log(Level.ERROR, "a class offered to the Spindle agent without a name (by a caller"
        + " of ClassFileTransformer.transform that passes none) mentions @Async or await, but its"
        + " name could not be read from its class file (" + failure + "): it loads unchanged, so"
        + " its @Async methods throw at their first await", failure);
  }

  /** A class with {@code @Async} methods that the agent leaves as it is: never silently. */
  void skipped(String className, List<String> asyncMethods, SkipReason reason) {
    logger().log(Level.WARNING, skippedMessage(className, asyncMethods, reason));
  }

  static String skippedMessage(String className, List<String> asyncMethods, SkipReason reason) {
    return "the Spindle agent does not rewrite " + className + ", which declares @Async method(s) "
        + String.join(", ", asyncMethods) + ": " + reason.why() + ", so those methods throw at"
        + " their first await; " + reason.fix();
  }

  /** Strict mode turned a class into one that fails to initialize. */
  void poisoned(String className, String message) {
    logger().log(Level.ERROR, "class " + className + " will fail to initialize: " + message);
  }

  /** {@code -Dspindle.dump} could not write a file; the class loads anyway. */
  void dumpFailed(String className, Throwable failure) {
    logger().log(Level.WARNING, "-D" + AgentOptions.DUMP + " could not write " + className
        + ": " + failure, failure);
  }

  static String internalFailureMessage(String className, Throwable failure, boolean strict) {
    return "the Spindle agent failed while rewriting " + className + " (a bug in Spindle: please"
        + " report it with the class file, -D" + AgentOptions.DUMP + "=<dir> helps): " + failure
        + (strict ? "; -D" + AgentOptions.STRICT + "=true makes the class fail to initialize"
            : "; the class loads untouched, so its @Async methods throw at their first await");
  }

  private synchronized Logger logger() {
    if (logger == null) {
      logger = System.getLogger(LOGGER_NAME);
    }
    return logger;
  }
}
