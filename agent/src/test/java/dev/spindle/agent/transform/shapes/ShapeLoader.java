package dev.spindle.agent.transform.shapes;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.TransformResult;
import dev.spindle.agent.transform.support.TransformingClassLoader;
import java.util.List;

/**
 * Defines one generated class: as written (the reference copy), or rewritten by the agent's
 * transformer and checked by ASM's verifier first. Everything else comes from the test's loader.
 */
public final class ShapeLoader extends ClassLoader {
  private final List<Refusal> refusals;

  private ShapeLoader(String name, byte[] bytes, TransformOptions options) {
    super(ShapeLoader.class.getClassLoader());
    byte[] defined = bytes;
    if (options == null) {
      refusals = List.of();
    } else {
      TransformResult result = new AsyncClassTransformer(options)
          .transform(name.replace('.', '/'), bytes);
      refusals = result.refusals();
      if (result.rewritten() == null) {
        throw new AssertionError(name + " was not rewritten: " + refusals);
      }
      defined = result.rewritten();
      TransformingClassLoader.check(name, defined, getParent());
    }
    defineClass(name, defined, 0, defined.length);
  }

  /** {@code bytes} defined unchanged. */
  public static Class<?> plain(String name, byte[] bytes) {
    return new ShapeLoader(name, bytes, null).loaded(name);
  }

  /** {@code bytes} rewritten with {@code options}. */
  public static ShapeLoader rewritten(String name, byte[] bytes, TransformOptions options) {
    return new ShapeLoader(name, bytes, options);
  }

  public List<Refusal> refusals() {
    return refusals;
  }

  public Class<?> loaded(String name) {
    try {
      return loadClass(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
