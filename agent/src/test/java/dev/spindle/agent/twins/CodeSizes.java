package dev.spindle.agent.twins;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Names;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.TransformResult;
import dev.spindle.agent.transform.write.CodeLengths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites one class file as the agent does by default and measures each {@code @Async} method:
 * the original's code length, its state machine's, its await sites, or why it was refused.
 */
final class CodeSizes {
  /** How the refusal of each method of a class the rewriter threw on begins. */
  static final String CLASS_FAILED = "rewriting the class threw ";

  private CodeSizes() {}

  static List<MethodSize> of(byte[] classFile) {
    ClassNode owner = new ClassNode();
    new ClassReader(classFile).accept(owner, ClassReader.SKIP_FRAMES);
    String className = owner.name.replace('/', '.');
    TransformResult result;
    String failure = null;
    try {
      result = new AsyncClassTransformer(TransformOptions.DEFAULT).transform(owner.name, classFile);
    } catch (RuntimeException thrown) { // the whole class, every method in it
      result = new TransformResult(null, List.of());
      failure = CLASS_FAILED + thrown;
    }
    Map<String, Integer> before = CodeLengths.all(classFile);
    Map<String, Integer> after = result.rewritten() == null ? Map.of()
        : CodeLengths.all(result.rewritten());
    List<MethodSize> sizes = new ArrayList<>();
    for (MethodNode method : owner.methods) {
      if (!isAsync(method) || !before.containsKey(method.name + method.desc)) {
        continue; // abstract and native ones have no code to compare
      }
      String refusal = failure != null ? failure : refusal(result, method);
      Integer rewritten = after.get(method.name + stateMachineDescriptor(method.desc));
      if (refusal == null && rewritten == null) {
        refusal = "no state machine " + method.name + stateMachineDescriptor(method.desc)
            + " in the rewritten class";
      }
      sizes.add(new MethodSize(className + "." + method.name, before.get(method.name + method.desc),
          refusal == null ? rewritten : -1, awaitSites(method), refusal));
    }
    return sizes;
  }

  private static boolean isAsync(MethodNode method) {
    if (method.visibleAnnotations == null) {
      return false;
    }
    for (AnnotationNode annotation : method.visibleAnnotations) {
      if (annotation.desc.equals(Names.ASYNC_DESCRIPTOR)) {
        return true;
      }
    }
    return false;
  }

  private static String refusal(TransformResult result, MethodNode method) {
    for (Refusal refusal : result.refusals()) {
      if (refusal.methodName().equals(method.name) && refusal.descriptor().equals(method.desc)) {
        return refusal.message();
      }
    }
    return null;
  }

  /** The bytecode contract: the frame is added as the last parameter. */
  private static String stateMachineDescriptor(String descriptor) {
    int end = descriptor.indexOf(')');
    return descriptor.substring(0, end) + Names.FRAME_DESCRIPTOR + descriptor.substring(end);
  }

  private static int awaitSites(MethodNode method) {
    int sites = 0;
    for (AbstractInsnNode instruction : method.instructions) {
      if (instruction instanceof MethodInsnNode call && call.owner.equals(Names.AWAIT)
          && call.name.equals("await")) {
        sites++;
      }
    }
    return sites;
  }
}
