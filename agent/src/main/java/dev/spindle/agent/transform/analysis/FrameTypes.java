package dev.spindle.agent.transform.analysis;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Conversions between JVM descriptors and verifier types in ASM's frame vocabulary. */
public final class FrameTypes {
  private FrameTypes() {}

  /** The verifier type of a value of {@code type}, or {@code null} for {@code void}. */
  public static Object of(Type type) {
    switch (type.getSort()) {
      case Type.VOID:
        return null;
      case Type.BOOLEAN:
      case Type.BYTE:
      case Type.CHAR:
      case Type.SHORT:
      case Type.INT:
        return Opcodes.INTEGER;
      case Type.FLOAT:
        return Opcodes.FLOAT;
      case Type.LONG:
        return Opcodes.LONG;
      case Type.DOUBLE:
        return Opcodes.DOUBLE;
      default:
        return type.getInternalName();
    }
  }

  /** Whether {@code type} takes two slots. */
  public static boolean isWide(Object type) {
    return Opcodes.LONG.equals(type) || Opcodes.DOUBLE.equals(type);
  }

  /** Whether {@code type} is a primitive (saved in {@code prims}). */
  public static boolean isPrimitive(Object type) {
    return Opcodes.INTEGER.equals(type) || Opcodes.FLOAT.equals(type) || isWide(type);
  }

  /** Whether {@code type} is an initialized reference or null (saved in {@code refs}). */
  public static boolean isReference(Object type) {
    return type instanceof String || Opcodes.NULL.equals(type);
  }

  /** The element type of the array type {@code arrayType} (or NULL for the null type). */
  public static Object elementOf(Object arrayType) {
    if (arrayType instanceof String name && name.startsWith("[")) {
      return of(Type.getType(name.substring(1)));
    }
    return Opcodes.NULL;
  }

  /** {@code type} as a message shows it: {@code int}, {@code long}, ..., a class name. */
  public static String name(Object type) {
    if (type instanceof Integer code) {
      switch (code) {
        case 0: return "top";
        case 1: return "int";
        case 2: return "float";
        case 3: return "double";
        case 4: return "long";
        case 5: return "null";
        case 6: return "uninitialized this";
        default: return "type " + code;
      }
    }
    if (type instanceof Uninitialized created) {
      return "uninitialized " + created.newInstruction().desc;
    }
    return String.valueOf(type);
  }
}
