package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EchoTest {
  @Test
  @Timeout(60)
  void theAgentFromTheLocalRepositoryRewritesTheEcho() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(flags.stream().anyMatch(flag -> flag.startsWith("-javaagent:")
        && flag.endsWith("/dev/spindle/spindle-agent/" + System.getProperty("spindle.version")
            + "/spindle-agent-" + System.getProperty("spindle.version") + ".jar")), flags.toString());
    assertEquals("hello through the agent", Echo.roundTrip("hello through the agent"));
  }
}
