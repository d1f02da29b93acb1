package sample;

/**
 * Says whether the agent is installed (without depending on it), then prints one echo round
 * trip: for running the woven classes under the agent as well.
 */
public final class EchoMain {
  private EchoMain() {}

  public static void main(String[] arguments) {
    System.out.println("agent installed: " + agentInstalled());
    System.out.println("echoed: " + Echo.roundTrip(arguments[0]));
  }

  private static String agentInstalled() {
    try {
      return String.valueOf(Class.forName("dev.spindle.agent.SpindleAgent")
          .getMethod("isInstalled").invoke(null));
    } catch (ReflectiveOperationException absent) {
      return "no (" + absent + ")";
    }
  }
}
