package sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EchoTest {
  @Test
  @Timeout(60)
  void theAgentNamedByTheDependencyPropertyRewritesTheEcho() {
    List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
    // ${dev.spindle:spindle-agent:jar} became the agent's file in the local repository
    assertTrue(flags.stream().anyMatch(flag -> flag.startsWith("-javaagent:")
        && flag.contains("spindle-agent")
        && Files.isRegularFile(Path.of(flag.substring("-javaagent:".length())))), flags.toString());
    assertEquals("hello through the property", Echo.roundTrip("hello through the property"));
  }
}
