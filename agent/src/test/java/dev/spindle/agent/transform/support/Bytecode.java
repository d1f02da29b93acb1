package dev.spindle.agent.transform.support;

import dev.spindle.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/** Class files of test classes as the transformer reads them (frames expanded). */
public final class Bytecode {
  private Bytecode() {}

  public static byte[] bytesOf(Class<?> type) {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ClassNode read(Class<?> type) {
    ClassNode node = new ClassNode();
    new ClassReader(bytesOf(type)).accept(node, ClassReader.EXPAND_FRAMES);
    return node;
  }

  /** The only method named {@code name}. */
  public static MethodNode method(ClassNode owner, String name) {
    return owner.methods.stream().filter(m -> m.name.equals(name)).reduce((a, b) -> {
      throw new AssertionError("two methods named " + name);
    }).orElseThrow(() -> new AssertionError("no method " + name));
  }

  /** The {@code n}-th (0-based) call to {@code Await.await} in {@code method}. */
  public static MethodInsnNode awaitCall(MethodNode method, int n) {
    int seen = 0;
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof MethodInsnNode call
          && call.owner.equals(Await.class.getName().replace('.', '/'))) {
        if (seen++ == n) {
          return call;
        }
      }
    }
    throw new AssertionError("no await call #" + n + " in " + method.name);
  }
}
