package dev.spindle.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Class files of test classes, read as bytes without loading them again. */
public final class ClassFiles {
  private ClassFiles() {}

  /** The class file of {@code className} (binary name) as found on the test class path. */
  public static byte[] bytesOf(String className) {
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = ClassFiles.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class file " + resource + " on the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The internal name (slashes) of a binary class name. */
  public static String internalName(String className) {
    return className.replace('.', '/');
  }
}
