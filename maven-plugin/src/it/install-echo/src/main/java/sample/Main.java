package sample;

import dev.spindle.agent.SpindleAgent;

/**
 * Installs the agent first thing, then uses @Async code. The @Async methods live in other
 * classes (Echo): a class that loaded before install() (this one) is not rewritten.
 */
public final class Main {
  private Main() {}

  public static void main(String[] arguments) {
    SpindleAgent.install();
    System.out.println("echoed: " + Echo.roundTrip("hello after install()"));
  }
}
