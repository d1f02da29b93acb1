package sample;

import static dev.spindle.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.io.AsyncTcpListener;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo, woven by spindle-maven-plugin, in a JVM with no agent and no agent jar. */
class WovenEchoTest {
  @Test
  void thereIsNoAgentHere() {
    assertTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .noneMatch(flag -> flag.startsWith("-javaagent")));
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("dev.spindle.agent.SpindleAgent"));
  }

  @Test
  void theMainClassesWereWovenAtBuildTime() {
    assertTrue(Arrays.stream(Echo.class.getDeclaredMethods()).anyMatch(Method::isSynthetic),
        "Echo's state machines are synthetic methods");
  }

  @Test
  @Timeout(60)
  void theWovenEchoRunsOverARealSocket() {
    assertEquals("hello without an agent", Echo.roundTrip("hello without an agent"));
  }

  /** An @Async method of a test class: woven by the weave-tests goal. */
  @Test
  @Timeout(60)
  void theTestClassesWereWovenToo() {
    int length = EventLoop.run(() -> {
      AsyncTcpListener listener =
          AsyncTcpListener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      EventLoop.spawn(Echo.serveOne(listener));
      return echoedLength(listener, "twelve bytes");
    });
    assertEquals(12, length);
  }

  @Async
  static Task<Integer> echoedLength(AsyncTcpListener listener, String message) {
    String echoed = await(Echo.client(listener.localAddress(), message));
    return Task.completed(echoed.length());
  }
}
