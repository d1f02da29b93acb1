package dev.spindle.junit;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.SpindleAgent;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * This JVM starts without -javaagent (see the module's pom); spindle-junit on the classpath
 * installs the agent before JUnit loads this class, so the @Async methods below, declared in the
 * test class itself, are rewritten.
 */
@SpindleTest
class AgentFromClasspathTest {
  @Test
  void theJvmHasNoJavaagentFlagYetTheAgentIsInstalled() {
    assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .noneMatch(argument -> argument.startsWith("-javaagent")),
        ManagementFactory.getRuntimeMXBean().getInputArguments()::toString);
    assertTrue(SpindleAgent.isInstalled());
  }

  @Test
  void theTestClassItselfWasRewritten() {
    assertEquals(2, RewrittenMethods.asyncMethods(AgentFromClasspathTest.class).size());
    assertEquals(List.of(), RewrittenMethods.notRewritten(AgentFromClasspathTest.class));
  }

  @Test
  void anAsyncMethodOfTheTestClassSuspendsAndResumes() {
    assertEquals(3, AsyncTests.run(() -> countYields(3)));
  }

  @Test
  void anAsyncMethodOfTheTestClassEchoesOverARealSocket() {
    assertEquals("hello, loop", AsyncTests.run(() -> echoRoundTrip("hello, loop")));
  }

  @Async
  static Task<Integer> countYields(int times) {
    int count = 0;
    for (int i = 0; i < times; i++) {
      await(EventLoop.yieldNow()); // never finished when awaited: the method must suspend
      count++;
    }
    return Task.completed(count);
  }

  /** One echo server connection and one client, both @Async, on 127.0.0.1. */
  @Async
  static Task<String> echoRoundTrip(String text) {
    AsyncTcpListener listener = AsyncTcpListener.bind(new InetSocketAddress("127.0.0.1", 0));
    try {
      AsyncTcpStream client = await(AsyncTcpStream.connect(listener.localAddress()));
      AsyncTcpStream server = await(listener.accept());
      await(client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
      ByteBuffer received = ByteBuffer.allocate(64);
      while (received.position() < text.length()) {
        assertFalse(await(server.read(received)) == -1, "closed early");
      }
      received.flip();
      await(server.write(received));
      ByteBuffer echoed = ByteBuffer.allocate(64);
      while (echoed.position() < text.length()) {
        assertFalse(await(client.read(echoed)) == -1, "closed early");
      }
      await(client.close());
      await(server.close());
      return Task.completed(new String(echoed.array(), 0, echoed.position(),
          StandardCharsets.UTF_8));
    } finally {
      listener.close();
    }
  }
}
