package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;

/** Every primitive type, null and unassigned locals, and reused slots, live across await. */
public final class PrimitivesCorpus {
  private PrimitivesCorpus() {}

  @Async
  public static Task<String> everyPrimitive(Source s, boolean z, byte b, char c, short sh, int i,
      long j, float f, double d) {
    boolean z2 = !z;
    byte b2 = (byte) (b + 1);
    char c2 = (char) (c + 1);
    short sh2 = (short) (sh - 1);
    int i2 = i * 2;
    long j2 = j << 3;
    float f2 = f / 2;
    double d2 = d * 3;
    int added = await(s.of(1));
    return Task.completed(z + " " + z2 + " " + b + " " + b2 + " " + c + c2 + " " + sh + " " + sh2
        + " " + i + " " + i2 + " " + j + " " + j2 + " " + f + " " + f2 + " " + d + " " + d2
        + " " + added);
  }

  @Async
  public static Task<String> extremes(Source s) {
    long min = Long.MIN_VALUE;
    double nan = Double.NaN;
    float negativeZero = -0.0f;
    double infinity = Double.NEGATIVE_INFINITY;
    int minInt = Integer.MIN_VALUE;
    char maxChar = Character.MAX_VALUE;
    await(s.of(0));
    return Task.completed(min + " " + nan + " " + (1 / negativeZero) + " " + infinity + " "
        + minInt + " " + (int) maxChar);
  }

  @Async
  public static Task<Long> wideValuesOnTheStack(Source s, long a, double b) {
    long result = a + (long) (b * await(s.of(2.0))) + await(s.of(5L));
    return Task.completed(result);
  }

  @Async
  public static Task<String> nullAndUnassignedLocals(Source s, boolean branch) {
    String nothing = null;
    Object later;
    int unassigned;
    await(s.of(0));
    if (branch) {
      later = "assigned";
      unassigned = 1;
    } else {
      later = null;
      unassigned = 2;
    }
    return Task.completed(nothing + " " + later + " " + unassigned);
  }

  @Async
  public static Task<String> reusedSlots(Source s) {
    StringBuilder out = new StringBuilder();
    {
      long wide = 1L << 40;
      await(s.of(0));
      out.append(wide).append(' ');
    }
    {
      int narrow = 7;
      String text = "x";
      await(s.of(0));
      out.append(narrow).append(text).append(' ');
    }
    {
      double d = 0.5;
      await(s.of(0));
      out.append(d);
    }
    return Task.completed(out.toString());
  }

  @Async
  public static Task<Integer> deadLocalsAreNotNeeded(Source s) {
    int dead = 41;
    String alsoDead = "unused " + dead;
    int live = await(s.of(1));
    dead = live + 1;
    return Task.completed(dead + alsoDead.length() * 0);
  }

  @Async
  public static Task<Integer> primitiveResults(Source s) {
    int i = await(s.of(3));
    long j = await(s.of(4L));
    double d = await(s.of(0.5));
    float f = await(s.of(0.25f));
    char c = await(s.of('a'));
    boolean z = await(s.of(true));
    byte b = await(s.of((byte) 2));
    short sh = await(s.of((short) 3));
    return Task.completed((int) (i + j + d * 4 + f * 4 + c + (z ? 1 : 0) + b + sh));
  }
}
