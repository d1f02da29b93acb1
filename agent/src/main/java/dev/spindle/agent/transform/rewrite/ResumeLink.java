package dev.spindle.agent.transform.rewrite;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.Names;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;

/**
 * How a suspension obtains its method's {@code Resumer}: an {@code invokedynamic} bootstrapped by
 * {@code LambdaMetafactory} whose target is the method's static resume bridge. Non-capturing, so
 * the JVM links one constant instance per method.
 *
 * @param owner the class declaring the bridge
 * @param ownerIsInterface whether that class is an interface
 * @param bridgeName the bridge's name, {@code m$spindle$resume} (numbered if overloaded)
 */
public record ResumeLink(String owner, boolean ownerIsInterface, String bridgeName) {
  /** The bridge's descriptor, which is also the resumer's erased method type. */
  public static final String BRIDGE_DESCRIPTOR = Names.RESUMER_RESUME.descriptor();

  InvokeDynamicInsnNode instruction() {
    Handle metafactory = new Handle(H_INVOKESTATIC, Names.LAMBDA_METAFACTORY.owner(),
        Names.LAMBDA_METAFACTORY.name(), Names.LAMBDA_METAFACTORY.descriptor(), false);
    Type resumeType = Type.getMethodType(BRIDGE_DESCRIPTOR);
    Handle bridge = new Handle(H_INVOKESTATIC, owner, bridgeName, BRIDGE_DESCRIPTOR,
        ownerIsInterface);
    return new InvokeDynamicInsnNode(Names.RESUMER_RESUME.name(),
        Names.RESUMER_FACTORY_DESCRIPTOR, metafactory, resumeType, bridge, resumeType);
  }
}
