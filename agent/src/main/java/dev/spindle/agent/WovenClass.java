package dev.spindle.agent;

import java.util.List;

/**
 * What {@link Weaver} made of one class file.
 *
 * @param className binary name with dots ({@code com.acme.Shop$Item}), or the file's path when
 *     the file could not be read as a class
 * @param rewritten the new class file, exactly what the agent would load for this class; or
 *     {@code null} when the class is left as it is (no {@code @Async} method, or woven already)
 * @param refusals each refused method's full message: rule, class, method, source line and fix.
 *     A refused method is still in {@code rewritten}, with a body that throws that message, as
 *     the agent loads it without {@code -Dspindle.strict}
 * @param notices methods rewritten that the user should know about (too large for the JIT)
 */
public record WovenClass(String className, byte[] rewritten, List<String> refusals,
    List<String> notices) {
  public WovenClass {
    refusals = List.copyOf(refusals);
    notices = List.copyOf(notices);
  }

  /** Whether the class file changes. */
  public boolean isRewritten() {
    return rewritten != null;
  }
}
