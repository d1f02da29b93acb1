package dev.spindle.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void defaultsAreLoopbackPort7878ThirtySecondIdleAndNoTrace() {
    assertEquals(new ServerOptions("127.0.0.1", 7878, Duration.ofSeconds(30),
        Duration.ofSeconds(10), 10_000, 1024 * 1024, false,
        Runtime.getRuntime().availableProcessors()),
        ServerOptions.parse(new String[0], 7878));
  }

  @Test
  void everyOptionIsRead() {
    ServerOptions options = ServerOptions.parse(new String[] {"--port", "0", "--host", "0.0.0.0",
        "--idle-timeout", "250ms", "--shutdown-timeout", "2m", "--max-connections", "2",
        "--max-body", "512k", "--trace", "--loops", "3"}, 7878);
    assertEquals(new ServerOptions("0.0.0.0", 0, Duration.ofMillis(250), Duration.ofMinutes(2),
        2, 512 * 1024, true, 3), options);
    assertEquals(Duration.ofSeconds(5), ServerOptions.parse(new String[] {"--idle-timeout", "5"},
        1).idleTimeout());
  }

  @Test
  void loopsMustBeAtLeastOne() {
    assertEquals("--loops must be a whole number from 1 to 1024 (default: the available"
        + " processors, " + Runtime.getRuntime().availableProcessors() + "): 0",
        assertThrows(IllegalArgumentException.class,
            () -> ServerOptions.parse(new String[] {"--loops", "0"}, 1)).getMessage());
  }

  @Test
  void bodySizesAreBytesKibOrMib() {
    assertEquals(4096, maxBody("4096"));
    assertEquals(3 * 1024 * 1024, maxBody("3M"));
    assertEquals(0, maxBody("0"));
  }

  private static long maxBody(String value) {
    return ServerOptions.parse(new String[] {"--max-body", value}, 1).maxBodyBytes();
  }

  @Test
  void badLimitsAreRefusedWithTheRuleAndTheValue() {
    assertEquals("--max-connections must be a whole number of at least 1 (default 10000): 0",
        assertThrows(IllegalArgumentException.class,
            () -> ServerOptions.parse(new String[] {"--max-connections", "0"}, 1)).getMessage());
    assertEquals("--max-body must be a size such as 4096 (bytes), 512k or 1m, at most 2^50"
        + " bytes: 1g", assertThrows(IllegalArgumentException.class,
            () -> maxBody("1g")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> maxBody("-1"));
    assertThrows(IllegalArgumentException.class, () -> maxBody("9999999999999m"));
  }

  @Test
  void badValuesAreRefusedWithTheRuleAndTheValue() {
    assertEquals("--port must be a number from 0 to 65535 (0 picks a free port): 70000",
        assertThrows(IllegalArgumentException.class,
            () -> ServerOptions.parse(new String[] {"--port", "70000"}, 1)).getMessage());
    assertEquals("--idle-timeout must be a positive duration such as 250ms, 30s or 2m: soon",
        assertThrows(IllegalArgumentException.class,
            () -> ServerOptions.parse(new String[] {"--idle-timeout", "soon"}, 1)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(new String[] {"--port"}, 1)).getMessage()
        .startsWith("--port must be followed by a value; usage: "));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(new String[] {"--verbose"}, 1)).getMessage()
        .startsWith("unknown option --verbose; usage: "));
  }

  @Test
  void tlsNeedsTheKeyStoreAndItsPasswordTogether() {
    ServerOptions options = ServerOptions.parse(new String[] {"--tls-keystore", "k.p12",
        "--tls-password", "pw"}, 1);
    assertEquals(java.nio.file.Path.of("k.p12"), options.tlsKeyStore());
    assertEquals("pw", options.tlsPassword());
    assertEquals(true, options.tls());
    assertEquals(false, ServerOptions.parse(new String[0], 1).tls());
    assertEquals("--tls-keystore and --tls-password must be given together (the PKCS12 file and"
        + " its password): got only --tls-keystore k.p12", assertThrows(
            IllegalArgumentException.class, () -> ServerOptions.parse(
                new String[] {"--tls-keystore", "k.p12"}, 1)).getMessage());
  }
}
