package dev.spindle.agent;

/** Why the agent leaves a class with {@code @Async} methods as it is, and what to do instead. */
enum SkipReason {
  BOOTSTRAP("it is loaded by the bootstrap class loader, whose classes the agent never rewrites",
      "load it from the class path instead of -Xbootclasspath/a, or weave it at build time"
      + " (spindle-maven-plugin, or java -jar spindle-agent.jar weave DIR)"),
  PLATFORM("its package (java., jdk., sun., com.sun.) belongs to the JDK, whose classes the agent"
      + " never rewrites", "move it to a package of your own"),
  NESTED("it loaded while the agent was rewriting another class on the same thread (a class"
      + " loader or logger that loads application classes from inside the agent), and the agent"
      + " never re-enters itself", "load it before the class being rewritten, or weave it at"
      + " build time (spindle-maven-plugin, or java -jar spindle-agent.jar weave DIR)");

  private final String why;
  private final String fix;

  SkipReason(String why, String fix) {
    this.why = why;
    this.fix = fix;
  }

  String why() {
    return why;
  }

  String fix() {
    return fix;
  }
}
