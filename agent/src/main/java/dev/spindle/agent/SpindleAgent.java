package dev.spindle.agent;

import java.lang.instrument.Instrumentation;

/** Entry point of {@code spindle-agent.jar}. PLACEHOLDER until the agent issue lands. */
public final class SpindleAgent {
  private SpindleAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {}

  public static void agentmain(String arguments, Instrumentation instrumentation) {}
}
