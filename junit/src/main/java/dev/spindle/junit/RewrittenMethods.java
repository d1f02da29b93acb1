package dev.spindle.junit;

import dev.spindle.Async;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads from a loaded class whether its {@code @Async} methods were rewritten, by the shape
 * {@code docs/bytecode-contract.md} gives a rewritten method: next to the declared
 * {@code m(P...)} a private synthetic state machine {@code m(P..., AsyncFrame)}. Build-time
 * weaving produces the same shape, so a woven class passes without the agent.
 */
final class RewrittenMethods {
  private static final String FRAME_SUFFIX = ".AsyncFrame";

  private RewrittenMethods() {}

  /** The {@code @Async} methods {@code type} declares (not those it inherits). */
  static List<Method> asyncMethods(Class<?> type) {
    List<Method> found = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (method.isAnnotationPresent(Async.class)) {
        found.add(method);
      }
    }
    return found;
  }

  /** The {@code @Async} methods of {@code type} that have no state machine beside them. */
  static List<Method> notRewritten(Class<?> type) {
    List<Method> missing = new ArrayList<>();
    Method[] declared = type.getDeclaredMethods();
    for (Method method : asyncMethods(type)) {
      if (!hasStateMachine(method, declared)) {
        missing.add(method);
      }
    }
    return missing;
  }

  private static boolean hasStateMachine(Method method, Method[] declared) {
    Class<?>[] parameters = method.getParameterTypes();
    for (Method candidate : declared) {
      Class<?>[] candidateParameters = candidate.getParameterTypes();
      if (candidate.isSynthetic()
          && candidate.getName().equals(method.getName())
          && candidateParameters.length == parameters.length + 1
          && candidateParameters[parameters.length].getName().endsWith(FRAME_SUFFIX)
          && Arrays.equals(candidateParameters, 0, parameters.length, parameters, 0,
              parameters.length)) {
        return true;
      }
    }
    return false;
  }

  /** {@code name(Type, Type)} of each method, comma-separated, for messages. */
  static String describe(List<Method> methods) {
    StringBuilder text = new StringBuilder();
    for (Method method : methods) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(method.getName()).append('(');
      Class<?>[] parameters = method.getParameterTypes();
      for (int i = 0; i < parameters.length; i++) {
        text.append(i == 0 ? "" : ", ").append(parameters[i].getSimpleName());
      }
      text.append(')');
    }
    return text.toString();
  }
}
