package dev.spindle.agent.transform.write;

import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;

/**
 * The length of a method's bytecode ({@code code_length} of its {@code Code} attribute), read
 * from a class file: ASM's reader has no accessor for it, and size refusals, the JIT-limit check
 * and the code-size report must quote it.
 */
public final class CodeLengths {
  private CodeLengths() {}

  /** The code length of method {@code name descriptor} in {@code classFile}, or -1 if none. */
  public static int of(byte[] classFile, String name, String descriptor) {
    return all(classFile).getOrDefault(name + descriptor, -1);
  }

  /** The code length of every method with code in {@code classFile}, by name + descriptor. */
  public static Map<String, Integer> all(byte[] classFile) {
    Map<String, Integer> lengths = new HashMap<>();
    ClassReader reader = new ClassReader(classFile);
    char[] buffer = new char[reader.getMaxStringLength()];
    int offset = reader.header + 6; // access_flags, this_class, super_class
    offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
    offset = skipMembers(reader, offset); // fields
    int methods = reader.readUnsignedShort(offset);
    offset += 2;
    for (int m = 0; m < methods; m++) {
      String key = reader.readUTF8(offset + 2, buffer) + reader.readUTF8(offset + 4, buffer);
      int attributes = reader.readUnsignedShort(offset + 6);
      offset += 8;
      for (int a = 0; a < attributes; a++) {
        if ("Code".equals(reader.readUTF8(offset, buffer))) {
          lengths.put(key, reader.readInt(offset + 10)); // after max_stack and max_locals
        }
        offset += 6 + reader.readInt(offset + 2);
      }
    }
    return lengths;
  }

  private static int skipMembers(ClassReader reader, int offset) {
    int members = reader.readUnsignedShort(offset);
    offset += 2;
    for (int i = 0; i < members; i++) {
      int attributes = reader.readUnsignedShort(offset + 6);
      offset += 8;
      for (int a = 0; a < attributes; a++) {
        offset += 6 + reader.readInt(offset + 2);
      }
    }
    return offset;
  }
}
