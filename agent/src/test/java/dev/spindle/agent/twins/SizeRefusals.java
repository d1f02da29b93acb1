package dev.spindle.agent.twins;

import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.twins.TwinClassGenerator.Pair;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Which refusals are about size, and which generated methods they take down with them. */
final class SizeRefusals {
  private SizeRefusals() {}

  /**
   * Whether the rewriter refused for size: a state machine over the JVM's 64 KB code limit, or a
   * class file over one of its other limits (ASM's "too large" and "too many" exceptions).
   */
  static boolean isForSize(Refusal refusal) {
    return isForSize(refusal.message());
  }

  /** The same, for a refusal's message. */
  static boolean isForSize(String refusalMessage) {
    String message = refusalMessage.toLowerCase(Locale.ROOT);
    return message.contains("65535") || message.contains("too large")
        || message.contains("too many");
  }

  /** Whether a {@link CodeSizes} refusal says that the whole class could not be rewritten. */
  static boolean isClassFailure(String refusalMessage) {
    return refusalMessage.startsWith(CodeSizes.CLASS_FAILED);
  }

  /** Whether {@code pair} is one of {@code refused} (async names) or awaits one of them. */
  static boolean reaches(Pair pair, Set<String> refused) {
    String self = "a" + pair.index();
    for (String name : refused) {
      if (name.equals(self)
          || Pattern.compile("\\b" + name + "\\(").matcher(pair.asyncSource()).find()) {
        return true;
      }
    }
    return false;
  }
}
