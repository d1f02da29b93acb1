package dev.spindle.agent.transform.scan;

import dev.spindle.agent.transform.Names;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Lambda bodies: which are <em>async lambdas</em> (rewritten as if {@code @Async}) and in which
 * method each is written. An async lambda is a synthetic method named {@code lambda$...} (javac's
 * and ecj's lambda bodies) that returns {@code Task} and awaits. No call site is required: javac
 * keeps the body of a lambda written under {@code if (false)} but drops the
 * {@code invokedynamic} that would link it, and the rewrite is safe whoever calls the body,
 * since the forwarder keeps its name, descriptor and flags and it still returns a {@code Task}
 * (only a throw now fails that task instead, as in an {@code @Async} method). The enclosing
 * method, for messages, is the one whose {@code LambdaMetafactory} call site links the body.
 */
public final class AsyncLambdas {
  private static final String LAMBDA_PREFIX = "lambda$";

  private AsyncLambdas() {}

  /** Whether {@code method} has a lambda body's name and flags (not whether it is linked). */
  public static boolean looksLikeLambdaBody(MethodNode method) {
    return (method.access & Opcodes.ACC_SYNTHETIC) != 0 && method.name.startsWith(LAMBDA_PREFIX);
  }

  /** Whether {@code method} is a lambda body returning {@code Task} (see the class comment). */
  public static boolean isAsyncLambda(MethodNode method) {
    return looksLikeLambdaBody(method)
        && (method.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
        && Names.TASK_DESCRIPTOR.equals(Type.getReturnType(method.desc).getDescriptor());
  }

  /**
   * The method a lambda body is written in: the one whose {@code invokedynamic} links it, or, for
   * a lambda inside a lambda, the method the outermost one is written in; {@code null} when no
   * {@code LambdaMetafactory} call site in {@code owner} links it.
   */
  public static MethodNode enclosing(ClassNode owner, MethodNode lambda) {
    MethodNode linker = linker(owner, lambda);
    if (linker == null || !looksLikeLambdaBody(linker)) {
      return linker;
    }
    MethodNode outer = enclosing(owner, linker);
    return outer == null ? linker : outer;
  }

  /** The method holding the {@code LambdaMetafactory} call site whose handle is {@code lambda}. */
  private static MethodNode linker(ClassNode owner, MethodNode lambda) {
    for (MethodNode method : owner.methods) {
      if (method == lambda || method.instructions == null) {
        continue;
      }
      for (AbstractInsnNode node : method.instructions) {
        if (node instanceof InvokeDynamicInsnNode dynamic && links(owner, dynamic, lambda)) {
          return method;
        }
      }
    }
    return null;
  }

  private static boolean links(ClassNode owner, InvokeDynamicInsnNode dynamic, MethodNode lambda) {
    Handle bootstrap = dynamic.bsm;
    if (!Names.LAMBDA_METAFACTORY.owner().equals(bootstrap.getOwner())
        || dynamic.bsmArgs.length < 3
        || !(dynamic.bsmArgs[1] instanceof Handle handle)) {
      return false;
    }
    String name = bootstrap.getName();
    return ("metafactory".equals(name) || "altMetafactory".equals(name))
        && handle.getTag() != Opcodes.H_NEWINVOKESPECIAL && handle.getOwner().equals(owner.name)
        && handle.getName().equals(lambda.name) && handle.getDesc().equals(lambda.desc);
  }
}
