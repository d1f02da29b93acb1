package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import dev.spindle.agent.transform.analysis.FrameAnalyzer.FrameState;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * What each JVM instruction does to the verifier types of the locals and the operand stack.
 * {@link #apply} is one switch over the opcodes in the order of the JVM specification: long for
 * a method, but read as a table, and splitting it would only scatter the table.
 */
final class InstructionEffects {
  private InstructionEffects() {}

  /**
   * Applies {@code node} to {@code state}.
   *
   * @return false if control never falls through to the next instruction
   */
  static boolean apply(FrameState state, AbstractInsnNode node) {
    int opcode = node.getOpcode();
    switch (opcode) {
      case NOP:
      case IINC:
        return true;
      case ACONST_NULL:
        state.push(NULL);
        return true;
      case ICONST_M1: case ICONST_0: case ICONST_1: case ICONST_2: case ICONST_3: case ICONST_4:
      case ICONST_5: case BIPUSH: case SIPUSH:
        state.push(INTEGER);
        return true;
      case LCONST_0: case LCONST_1:
        state.push(LONG);
        return true;
      case FCONST_0: case FCONST_1: case FCONST_2:
        state.push(FLOAT);
        return true;
      case DCONST_0: case DCONST_1:
        state.push(DOUBLE);
        return true;
      case LDC:
        state.push(FrameAnalyzer.constantType(((LdcInsnNode) node).cst));
        return true;
      case ILOAD: case LLOAD: case FLOAD: case DLOAD: case ALOAD:
        state.push(state.local(((VarInsnNode) node).var));
        return true;
      case ISTORE: case LSTORE: case FSTORE: case DSTORE: case ASTORE:
        state.store(((VarInsnNode) node).var, state.pop());
        return true;
      case IALOAD: case BALOAD: case CALOAD: case SALOAD:
        return popPush(state, 2, INTEGER);
      case LALOAD:
        return popPush(state, 2, LONG);
      case FALOAD:
        return popPush(state, 2, FLOAT);
      case DALOAD:
        return popPush(state, 2, DOUBLE);
      case AALOAD: {
        state.pop();
        Object array = state.pop();
        state.push(FrameTypes.elementOf(array));
        return true;
      }
      case IASTORE: case LASTORE: case FASTORE: case DASTORE: case AASTORE: case BASTORE:
      case CASTORE: case SASTORE:
        return popPush(state, 3, null);
      case POP: case POP2:
      case DUP: case DUP_X1: case DUP_X2: case DUP2: case DUP2_X1: case DUP2_X2: case SWAP:
        state.shuffle(opcode);
        return true;
      case IADD: case ISUB: case IMUL: case IDIV: case IREM: case ISHL: case ISHR: case IUSHR:
      case IAND: case IOR: case IXOR:
        return popPush(state, 2, INTEGER);
      case LADD: case LSUB: case LMUL: case LDIV: case LREM: case LSHL: case LSHR: case LUSHR:
      case LAND: case LOR: case LXOR:
        return popPush(state, 2, LONG);
      case FADD: case FSUB: case FMUL: case FDIV: case FREM:
        return popPush(state, 2, FLOAT);
      case DADD: case DSUB: case DMUL: case DDIV: case DREM:
        return popPush(state, 2, DOUBLE);
      case INEG: case L2I: case F2I: case D2I: case I2B: case I2C: case I2S:
        return popPush(state, 1, INTEGER);
      case LNEG: case I2L: case F2L: case D2L:
        return popPush(state, 1, LONG);
      case FNEG: case I2F: case L2F: case D2F:
        return popPush(state, 1, FLOAT);
      case DNEG: case I2D: case L2D: case F2D:
        return popPush(state, 1, DOUBLE);
      case LCMP: case FCMPL: case FCMPG: case DCMPL: case DCMPG:
        return popPush(state, 2, INTEGER);
      case IFEQ: case IFNE: case IFLT: case IFGE: case IFGT: case IFLE: case IFNULL:
      case IFNONNULL:
        return popPush(state, 1, null);
      case IF_ICMPEQ: case IF_ICMPNE: case IF_ICMPLT: case IF_ICMPGE: case IF_ICMPGT:
      case IF_ICMPLE: case IF_ACMPEQ: case IF_ACMPNE:
        return popPush(state, 2, null);
      case GOTO:
        return false;
      case TABLESWITCH: case LOOKUPSWITCH:
      case IRETURN: case LRETURN: case FRETURN: case DRETURN: case ARETURN: case RETURN:
      case ATHROW:
        return false;
      case GETSTATIC:
        state.push(FrameTypes.of(Type.getType(((FieldInsnNode) node).desc)));
        return true;
      case PUTSTATIC:
        return popPush(state, 1, null);
      case GETFIELD:
        return popPush(state, 1, FrameTypes.of(Type.getType(((FieldInsnNode) node).desc)));
      case PUTFIELD:
        return popPush(state, 2, null);
      case INVOKEVIRTUAL: case INVOKESPECIAL: case INVOKESTATIC: case INVOKEINTERFACE:
        invoke(state, (MethodInsnNode) node);
        return true;
      case INVOKEDYNAMIC: {
        String descriptor = ((InvokeDynamicInsnNode) node).desc;
        return popPush(state, Type.getArgumentTypes(descriptor).length,
            FrameTypes.of(Type.getReturnType(descriptor)));
      }
      case NEW:
        state.push(new Uninitialized((TypeInsnNode) node));
        return true;
      case NEWARRAY:
        return popPush(state, 1, primitiveArray(((IntInsnNode) node).operand));
      case ANEWARRAY: {
        String element = ((TypeInsnNode) node).desc;
        return popPush(state, 1, "[" + (element.startsWith("[") ? element : "L" + element + ";"));
      }
      case ARRAYLENGTH:
        return popPush(state, 1, INTEGER);
      case CHECKCAST:
        return popPush(state, 1, ((TypeInsnNode) node).desc);
      case INSTANCEOF:
        return popPush(state, 1, INTEGER);
      case MONITORENTER: case MONITOREXIT:
        return popPush(state, 1, null);
      case MULTIANEWARRAY: {
        MultiANewArrayInsnNode array = (MultiANewArrayInsnNode) node;
        return popPush(state, array.dims, array.desc);
      }
      default:
        throw new TransformException("unsupported opcode " + opcode
            + " (JSR and RET need class files older than Java 7)");
    }
  }

  private static boolean popPush(FrameState state, int pops, Object pushed) {
    for (int i = 0; i < pops; i++) {
      state.pop();
    }
    state.push(pushed);
    return true;
  }

  private static void invoke(FrameState state, MethodInsnNode call) {
    int arguments = Type.getArgumentTypes(call.desc).length;
    for (int i = 0; i < arguments; i++) {
      state.pop();
    }
    if (call.getOpcode() != INVOKESTATIC) {
      Object receiver = state.pop();
      if ("<init>".equals(call.name)) {
        Object initialized = receiver instanceof Uninitialized u ? u.newInstruction().desc
            : call.owner;
        state.initialize(receiver, initialized);
      }
    }
    state.push(FrameTypes.of(Type.getReturnType(call.desc)));
  }

  private static String primitiveArray(int operand) {
    switch (operand) {
      case T_BOOLEAN: return "[Z";
      case T_CHAR: return "[C";
      case T_FLOAT: return "[F";
      case T_DOUBLE: return "[D";
      case T_BYTE: return "[B";
      case T_SHORT: return "[S";
      case T_INT: return "[I";
      case T_LONG: return "[J";
      default: throw new TransformException("NEWARRAY with an unknown element type " + operand);
    }
  }
}
