package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What target/spindle-examples.jar holds: the server, the runtime, the agent relocated once. */
@Timeout(30)
class RunnableJarContentsIT {
  @Test
  void manifestStartsHelloServerAfterTheAgent() throws Exception {
    try (JarFile jar = new JarFile(ServerProcess.path("spindle.examples.jar").toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.spindle.examples.HelloServer", main.getValue("Main-Class"));
      assertEquals("dev.spindle.agent.SpindleAgent", main.getValue("Launcher-Agent-Class"));
    }
  }

  @Test
  void holdsTheRuntimeTheExamplesAndTheAgentWithItsLibrariesRelocatedOnce() throws Exception {
    try (JarFile jar = new JarFile(ServerProcess.path("spindle.examples.jar").toFile())) {
      for (String entry : List.of("dev/spindle/examples/HelloServer.class",
          "dev/spindle/Task.class", "dev/spindle/io/AsyncTcpListener.class",
          "dev/spindle/agent/SpindleAgent.class",
          "dev/spindle/agent/shaded/asm/ClassReader.class",
          "dev/spindle/agent/shaded/bytebuddy/agent/ByteBuddyAgent.class")) {
        assertNotNull(jar.getEntry(entry), entry);
      }
      List<String> misplaced = jar.stream().map(e -> e.getName())
          .filter(name -> name.startsWith("org/objectweb/") || name.startsWith("net/bytebuddy/")
              || name.contains("shaded/dev/") || name.contains("/shaded/asm/dev/")
              || name.startsWith("META-INF/versions/") && name.endsWith(".class"))
          .collect(Collectors.toList());
      assertTrue(misplaced.isEmpty(), "unrelocated or twice-relocated entries: " + misplaced);
    }
  }
}
