package dev.spindle.agent.twins;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources with the JDK's own compiler, in memory, into class files. */
final class InMemoryCompiler {
  private final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
  private final String classPath;

  /** @param classPathOf classes whose locations form the class path */
  InMemoryCompiler(Class<?>... classPathOf) {
    List<String> entries = new ArrayList<>();
    for (Class<?> type : classPathOf) {
      try {
        entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    this.classPath = String.join(java.io.File.pathSeparator, entries);
  }

  /**
   * Compiles {@code sources} (binary class name to source) for {@code release}; returns class
   * files by binary name, or throws with the compiler's messages.
   */
  Map<String, byte[]> compile(Map<String, String> sources, int release) {
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, text) -> units.add(new SourceFile(name, text)));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> outputs = new HashMap<>();
    StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, null);
    ForwardingJavaFileManager<StandardJavaFileManager> files =
        new ForwardingJavaFileManager<>(standard) {
          @Override
          public JavaFileObject getJavaFileForOutput(Location location, String className,
              JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/')
                + kind.extension), kind) {
              @Override
              public OutputStream openOutputStream() {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                outputs.put(className, bytes);
                return bytes;
              }
            };
          }
        };
    List<String> options = List.of("--release", String.valueOf(release), "-classpath", classPath,
        "-g", "-nowarn", "-Xlint:none", "-proc:none");
    boolean compiled = compiler.getTask(null, files, diagnostics, options, null, units).call();
    if (!compiled) {
      StringBuilder message = new StringBuilder("generated code must compile, but javac says:");
      diagnostics.getDiagnostics().stream().limit(10).forEach(d -> message.append("\n  ")
          .append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber()
              + ": ").append(d.getMessage(null)));
      throw new AssertionError(message);
    }
    Map<String, byte[]> classes = new HashMap<>();
    outputs.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  private static final class SourceFile extends SimpleJavaFileObject {
    private final String text;

    SourceFile(String className, String text) {
      super(URI.create("mem:///" + className.replace('.', '/') + Kind.SOURCE.extension),
          Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
