package dev.spindle.agent.twins;

/** What generated code throws itself ({@code if (...) throw new Boom(...)}). */
public final class Boom extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Boom(String message) {
    super(message);
  }
}
