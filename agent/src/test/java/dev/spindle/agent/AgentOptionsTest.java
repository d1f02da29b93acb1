package dev.spindle.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
  private static Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void everythingIsOffWithoutProperties() {
    AgentOptions options = AgentOptions.from(properties());
    assertFalse(options.strict());
    assertNull(options.dumpDirectory());
    assertFalse(options.alwaysSuspend());
    assertFalse(options.transformOptions().alwaysSuspend());
  }

  @Test
  void readsEachSwitch() {
    AgentOptions options = AgentOptions.from(properties("spindle.strict", "true",
        "spindle.dump", "/tmp/spindle-dump", "spindle.alwaysSuspend", "TRUE"));
    assertTrue(options.strict());
    assertEquals(Path.of("/tmp/spindle-dump"), options.dumpDirectory());
    assertTrue(options.transformOptions().alwaysSuspend());
  }

  @Test
  void aBareFlagMeansOn() {
    assertTrue(AgentOptions.from(properties("spindle.strict", "")).strict());
  }

  @Test
  void aFlagThatIsNeitherTrueNorFalseIsRejectedWithTheFix() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> AgentOptions.from(properties("spindle.strict", "yes")));
    assertEquals("spindle.strict must be true or false, but is \"yes\": use"
        + " -Dspindle.strict=true", error.getMessage());
  }

  @Test
  void anEmptyDumpDirectoryIsRejectedWithTheFix() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> AgentOptions.from(properties("spindle.dump", " ")));
    assertEquals("spindle.dump must name a directory, but is empty: use"
        + " -Dspindle.dump=/tmp/spindle-dump, or leave it out", error.getMessage());
  }
}
