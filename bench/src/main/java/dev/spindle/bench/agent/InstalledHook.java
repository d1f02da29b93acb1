package dev.spindle.bench.agent;

import dev.spindle.agent.SpindleAgent;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;

/**
 * The {@link ClassFileTransformer} that {@link SpindleAgent#premain} installs, taken from a
 * stand-in {@link Instrumentation} that only records {@code addTransformer}: the agent's real
 * class-load path, callable directly, in a JVM started without {@code -javaagent}.
 */
final class InstalledHook {
  private InstalledHook() {}

  static ClassFileTransformer capture() {
    ClassFileTransformer[] captured = new ClassFileTransformer[1];
    Instrumentation recorder = (Instrumentation) Proxy.newProxyInstance(
        InstalledHook.class.getClassLoader(), new Class<?>[] {Instrumentation.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals("addTransformer")) {
            captured[0] = (ClassFileTransformer) arguments[0];
            return null;
          }
          if (method.getReturnType() == boolean.class) {
            return false;
          }
          throw new UnsupportedOperationException("the agent benchmark's stand-in Instrumentation"
              + " does not offer " + method.getName() + "(): only addTransformer is recorded");
        });
    SpindleAgent.premain("", recorder);
    if (captured[0] == null) {
      throw new IllegalStateException("SpindleAgent.premain installed no transformer: was the"
          + " agent already installed in this JVM? Run AgentTransformBenchmark without"
          + " -javaagent");
    }
    return captured[0];
  }
}
