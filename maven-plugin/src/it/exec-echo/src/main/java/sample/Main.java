package sample;

/**
 * Run by {@code mvn compile exec:exec}, in a JVM of its own started with the agent from the
 * local repository. A wrong echo exits with status 1, which fails the build; without the agent
 * the @Async methods of Echo throw, which does too.
 */
public final class Main {
  private Main() {}

  public static void main(String[] arguments) {
    String sent = "hello through exec:exec";
    String echoed = Echo.roundTrip(sent);
    System.out.println("echoed: " + echoed);
    if (!echoed.equals(sent)) {
      System.err.println("exec-echo: sent '" + sent + "' but got back '" + echoed + "'");
      System.exit(1);
    }
  }
}
