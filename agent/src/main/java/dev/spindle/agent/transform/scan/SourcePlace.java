package dev.spindle.agent.transform.scan;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A method and line as a user reads them in messages: {@code com.acme.Shop.buy(String)} and
 * {@code (Shop.java:42)}, the way a stack trace prints them.
 */
public record SourcePlace(String className, MethodNode method, String sourceFile, int line) {

  /** The place of {@code method} itself: its first line. */
  public static SourcePlace of(ClassNode owner, MethodNode method) {
    return new SourcePlace(owner.name.replace('/', '.'), method, owner.sourceFile,
        firstLine(method));
  }

  /** The place of {@code instruction} in {@code method}. */
  public static SourcePlace of(ClassNode owner, MethodNode method, AbstractInsnNode instruction) {
    return new SourcePlace(owner.name.replace('/', '.'), method, owner.sourceFile,
        lineOf(instruction));
  }

  /** {@code com.acme.Shop.buy(String)}. */
  public String methodDisplay() {
    StringBuilder text = new StringBuilder(className).append('.').append(method.name).append('(');
    Type[] parameters = Type.getArgumentTypes(method.desc);
    for (int i = 0; i < parameters.length; i++) {
      text.append(i == 0 ? "" : ", ").append(simpleName(parameters[i]));
    }
    return text.append(')').toString();
  }

  /** {@code (Shop.java:42)}, {@code (Shop.java)} without lines, {@code (Unknown Source)}. */
  public String sourceDisplay() {
    if (sourceFile == null) {
      return "(Unknown Source)";
    }
    return line > 0 ? "(" + sourceFile + ":" + line + ")" : "(" + sourceFile + ")";
  }

  /** {@code String} for {@code java.lang.String}, {@code int[]}, {@code Shop$Item}. */
  public static String simpleName(Type type) {
    String name = type.getClassName();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** The source line of {@code instruction}: the nearest line-number entry before it. */
  public static int lineOf(AbstractInsnNode instruction) {
    for (AbstractInsnNode node = instruction; node != null; node = node.getPrevious()) {
      if (node instanceof LineNumberNode line) {
        return line.line;
      }
    }
    return -1;
  }

  private static int firstLine(MethodNode method) {
    if (method.instructions == null) {
      return -1;
    }
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof LineNumberNode line) {
        return line.line;
      }
    }
    return -1;
  }
}
