package dev.spindle.agent.twins;

/**
 * A resource for generated try-with-resources statements: opening and closing go to the trace,
 * and closing fails (with a {@link Boom}) for one value in four, so that suppressed and primary
 * exceptions both occur.
 */
public final class Res implements AutoCloseable {
  private final Trace trace;
  private final String name;
  private final int value;

  public Res(Trace trace, String name, int value) {
    this.trace = trace;
    this.name = name;
    this.value = value;
    trace.add("open " + name, value);
  }

  @Override
  public void close() {
    trace.add("close " + name, value);
    if (Math.floorMod(value, 4) == 0) {
      throw new Boom("close " + name);
    }
  }
}
