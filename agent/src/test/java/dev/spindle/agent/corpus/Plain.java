package dev.spindle.agent.corpus;

/** A class without any {@code @Async} method: the agent must not even parse it. */
public final class Plain {
  public static int value = 5;

  private Plain() {}

  public static int twice(int x) {
    return 2 * x;
  }
}
