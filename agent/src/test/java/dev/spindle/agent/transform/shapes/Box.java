package dev.spindle.agent.transform.shapes;

/** The object the shapes construct: it records its construction, and prints its number. */
public final class Box {
  private final Object left;
  private final Object right;
  private final int number;

  public Box(Trace trace, Object left, Object right) {
    this.left = left;
    this.right = right;
    this.number = trace.constructed(left, right);
  }

  @Override
  public String toString() {
    return "Box#" + number + "(" + left + ", " + right + ")";
  }
}
