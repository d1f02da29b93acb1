package dev.spindle.agent.twins;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code code_length} of every method's {@code Code} attribute in a class file (JVMS 4.7.3),
 * read from the bytes themselves: ASM's tree API does not keep it.
 */
final class CodeLengths {
  private CodeLengths() {}

  /** Code length by method name plus descriptor ({@code "a7(I)Ldev/spindle/Task;"}). */
  static Map<String, Integer> of(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      in.skipBytes(8); // magic, minor and major version
      String[] utf8 = constantPool(in);
      in.skipBytes(6); // access flags, this class, super class
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      Map<String, Integer> lengths = new HashMap<>();
      int methods = in.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        in.skipBytes(2);
        String name = utf8[in.readUnsignedShort()] + utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int j = 0; j < attributes; j++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.skipBytes(4); // max_stack, max_locals
            lengths.put(name, in.readInt());
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
      return lengths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The constant pool's UTF-8 entries by index (others null). */
  private static String[] constantPool(DataInputStream in) throws IOException {
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[index] = in.readUTF();
        case 7, 8, 16, 19, 20 -> in.skipBytes(2); // class, string, method type, module, package
        case 15 -> in.skipBytes(3); // method handle
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 5, 6 -> { // long and double take two entries
          in.skipBytes(8);
          index++;
        }
        default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
      }
    }
    return utf8;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int i = 0; i < attributes; i++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }
}
