package dev.spindle.agent.twins;

import java.util.Arrays;

/** Small total functions generated code calls: indexes, bounded strings, several-argument calls. */
public final class Fn {
  private static final String[] KEYS = {"a", "b", "c"};
  private static final int MAX_STRING = 24;

  private Fn() {}

  /** The functional interface of a generated async lambda (issue #13). */
  @FunctionalInterface
  public interface AsyncLambda {
    dev.spindle.Task<Object> call(int number, String text);
  }

  /** Its synchronous twin's. */
  @FunctionalInterface
  public interface SyncLambda {
    Object call(int number, String text);
  }

  /** An index into something of {@code length} elements ({@code length > 0}). */
  public static int idx(int i, int length) {
    return Math.floorMod(i, length);
  }

  /** Keeps strings short however often loops append to them. */
  public static String cap(String text) {
    return text.length() <= MAX_STRING ? text : text.substring(text.length() - MAX_STRING);
  }

  public static int mix(int a, int b, int c) {
    return a * 31 + b * 7 - c;
  }

  public static long mixl(long a, int b, long c) {
    return a * 17L - b + c;
  }

  public static double mixd(double a, float b) {
    return a * 0.5 + b;
  }

  public static String join(Object a, Object b, Object c) {
    return cap(render(a) + "|" + render(b) + "|" + render(c));
  }

  public static char ch(int i) {
    return (char) ('a' + Math.floorMod(i, 26));
  }

  public static char first(String text) {
    return text.isEmpty() ? '_' : text.charAt(0);
  }

  public static String key(int i) {
    return KEYS[Math.floorMod(i, KEYS.length)];
  }

  public static int[] arr(int a, int b) {
    return new int[] {a, b};
  }

  /** A value as text with its type, so that Integer 1 and Long 1 differ. */
  public static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof int[]) {
      return "int[]" + Arrays.toString((int[]) value);
    }
    if (value instanceof long[]) {
      return "long[]" + Arrays.toString((long[]) value);
    }
    if (value instanceof Object[]) {
      return "Object[]" + Arrays.toString((Object[]) value);
    }
    if (value instanceof String || value instanceof Holder) {
      return "\"" + value + "\"";
    }
    return value.getClass().getSimpleName() + ":" + value;
  }
}
