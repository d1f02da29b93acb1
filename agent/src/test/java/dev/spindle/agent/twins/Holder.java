package dev.spindle.agent.twins;

/**
 * A two-argument constructor for generated code: {@code new Holder(a, await(x))} leaves an
 * uninitialized object on the operand stack across the await unless the agent moves it.
 */
public final class Holder {
  private final Object left;
  private final Object right;

  public Holder(Object left, Object right) {
    this.left = left;
    this.right = right;
  }

  @Override
  public String toString() {
    return "H(" + Fn.render(left) + "," + Fn.render(right) + ")";
  }
}
