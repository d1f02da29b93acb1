package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatOptionsTest {
  @Test
  void defaults() {
    ChatOptions options = ChatOptions.parse(new String[0]);
    assertEquals("127.0.0.1", options.host());
    assertEquals(7880, options.port());
    assertEquals(Duration.ofMinutes(5), options.idleTimeout());
    assertEquals(Duration.ofSeconds(10), options.shutdownTimeout());
    assertEquals(1024, options.maxLineBytes());
    assertEquals(256, options.queueCapacity());
    assertEquals(Duration.ofSeconds(1), options.slowGrace());
    assertFalse(options.trace());
  }

  @Test
  void everyOption() {
    ChatOptions options = ChatOptions.parse(new String[] {"--host", "0.0.0.0", "--port", "0",
        "--idle-timeout", "90s", "--shutdown-timeout", "250ms", "--max-line", "4k", "--queue", "8",
        "--slow-grace", "0", "--trace"});
    assertEquals(new ChatOptions("0.0.0.0", 0, Duration.ofSeconds(90), Duration.ofMillis(250),
        4096, 8, Duration.ZERO, true), options);
  }

  @Test
  void badValuesSayTheRule() {
    assertEquals("--max-line must be a size from 1 byte to 1m, such as 512 or 4k: 2m",
        refused("--max-line", "2m"));
    assertEquals("--max-line must be a size from 1 byte to 1m, such as 512 or 4k: 0",
        refused("--max-line", "0"));
    assertEquals("--queue must be a whole number of lines from 1 to 1048576 (default 256): 0",
        refused("--queue", "0"));
    assertEquals("--slow-grace must be 0 (disconnect a client as soon as its queue is full) or a"
        + " positive duration such as 250ms, 1s or 2m: -1s", refused("--slow-grace", "-1s"));
    assertEquals("--port must be a number from 0 to 65535 (0 picks a free port): 70000",
        refused("--port", "70000"));
    assertEquals("--idle-timeout must be a positive duration such as 250ms, 30s or 2m: 0",
        refused("--idle-timeout", "0"));
    assertTrue(refused("--queue").startsWith("--queue must be followed by a value; usage:"));
    assertTrue(refused("--loud").startsWith("unknown option --loud; usage:"));
  }

  private static String refused(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ChatOptions.parse(args))
        .getMessage();
  }
}
