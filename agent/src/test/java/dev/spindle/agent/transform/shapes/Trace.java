package dev.spindle.agent.transform.shapes;

import java.util.ArrayList;
import java.util.List;

/**
 * What a shape method did, in order: each value it awaited (as it asked for it) and each
 * {@link Box} constructed; and the helpers its generated code ends with, which describe the
 * values left on the stack (a box by its number, so two copies of one box read the same).
 */
public final class Trace {
  private final boolean flag;
  private final List<String> events = new ArrayList<>();
  private int boxes;

  public Trace(boolean flag) {
    this.flag = flag;
  }

  /** Which way the branching shapes go. */
  public boolean flag() {
    return flag;
  }

  /** Records that {@code value} is about to be awaited; returns it. */
  public Object note(Object value) {
    events.add("await " + value);
    return value;
  }

  /** Records a box's construction; returns its number. */
  int constructed(Object left, Object right) {
    events.add("new Box#" + ++boxes + "(" + left + ", " + right + ")");
    return boxes;
  }

  public List<String> events() {
    return List.copyOf(events);
  }

  public static String two(Object a, Object b) {
    return a + " " + b;
  }

  public static String three(Object a, Object b, Object c) {
    return a + " " + b + " " + c;
  }

  public static String four(Object a, Object b, Object c, Object d) {
    return a + " " + b + " " + c + " " + d;
  }

  public static String withLong(Object a, long b) {
    return a + " " + b;
  }

  public static String longFirst(long a, Object b) {
    return a + " " + b;
  }

  public static String fourWithLong(Object a, Object b, long c, Object d) {
    return a + " " + b + " " + c + " " + d;
  }
}
