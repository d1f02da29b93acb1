package dev.spindle.agent.transform.rewrite;

/** Plain methods in which javac gives one slot values of several kinds. */
@SuppressWarnings("unused")
public final class SlotSplitFixtures {
  private SlotSplitFixtures() {}

  /** One slot: an int in the first block, a String in the second, a double in the third. */
  public static String threeKindsInOneSlot(int seed) {
    StringBuilder out = new StringBuilder();
    {
      int n = seed * 3;
      out.append(n).append(',');
    }
    {
      String s = "s" + seed;
      out.append(s).append(',');
    }
    {
      double d = seed / 2.0;
      out.append(d);
    }
    return out.toString();
  }

  /** A long over slots 2 and 3, then an int in slot 3 and a float in slot 2. */
  public static String wideThenNarrow(int seed) {
    StringBuilder out = new StringBuilder();
    {
      long wide = seed * 1_000_000_007L;
      out.append(wide).append(',');
    }
    {
      float f = seed / 4f;
      int i = seed - 1;
      out.append(f).append(',').append(i);
    }
    return out.toString();
  }

  /** No reuse: nothing moves. */
  public static int noReuse(int a, long b) {
    int c = a + (int) b;
    return c * 2;
  }
}
