package dev.spindle.agent;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * {@code -Dspindle.dump=<dir>}: writes each class the agent changed as
 * {@code <dir>/<internal/name>.class}, and its ASM {@link Textifier} listing as {@code .txt}
 * beside it, so that a rewrite can be read (or run through {@code javap}) instead of guessed at.
 */
final class ClassDumper {
  private final Path directory;

  ClassDumper(Path directory) {
    this.directory = directory;
  }

  /** Writes both files; a failure is the caller's to report, the class loads anyway. */
  void dump(String internalName, byte[] classFile) throws IOException {
    Path classPath = directory.resolve(internalName + ".class");
    Files.createDirectories(classPath.getParent());
    Files.write(classPath, classFile);
    Files.writeString(directory.resolve(internalName + ".txt"), listing(classFile),
        StandardCharsets.UTF_8);
  }

  /** The class as ASM's textual listing, one instruction a line. */
  static String listing(byte[] classFile) {
    StringWriter text = new StringWriter();
    new ClassReader(classFile).accept(
        new TraceClassVisitor(null, new Textifier(), new PrintWriter(text)), 0);
    return text.toString();
  }
}
