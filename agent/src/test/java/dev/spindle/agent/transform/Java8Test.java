package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Java 8 class files (version 52), compiled here with {@code --release 8}, rewritten and run. */
@Timeout(60)
class Java8Test {
  private static final String CORPUS = "dev.spindle.agent.transform.java8.Java8Corpus";
  private static Map<String, byte[]> classes;

  @BeforeAll
  static void compile() throws IOException {
    String source;
    try (InputStream in = Java8Test.class.getResourceAsStream("java8/Java8Corpus.java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    classes = new HashMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className,
          JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className + ".class"), kind) {
          @Override
          public OutputStream openOutputStream() {
            return new ByteArrayOutputStream() {
              @Override
              public void close() {
                classes.put(className.replace('/', '.'), toByteArray());
              }
            };
          }
        };
      }
    };
    JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///Java8Corpus.java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return source;
      }
    };
    StringWriter diagnostics = new StringWriter();
    boolean compiled = compiler.getTask(diagnostics, files, null,
        List.of("--release", "8", "-g", "-Xlint:-options", "-classpath",
            System.getProperty("java.class.path")), null, List.of(unit)).call();
    assertTrue(compiled, diagnostics.toString());
    assertEquals(52, classes.get(CORPUS)[7], "class-file major version");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_java_8_class_file_is_rewritten_and_behaves(Mode mode) throws Exception {
    AsyncClassTransformer transformer = new AsyncClassTransformer(
        new TransformOptions(mode.alwaysSuspend()));
    ClassLoader loader = new ClassLoader(Java8Test.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] original = classes.get(name);
        if (original == null) {
          throw new ClassNotFoundException(name);
        }
        TransformResult result = transformer.transform(name.replace('.', '/'), original);
        assertEquals(List.of(), result.refusals());
        byte[] bytes = result.rewritten() == null ? original : result.rewritten();
        if (result.rewritten() != null) {
          dev.spindle.agent.transform.support.TransformingClassLoader.check(name, bytes, this);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    Class<?> corpus = loader.loadClass(CORPUS);
    var everything = corpus.getMethod("everything", Function.class, long.class);
    Source source = Source.of(mode);
    Function<Object, Task<Object>> supply = value -> value instanceof Throwable error
        ? source.fail(error) : source.of(value);
    Object result = EventLoop.run(() -> {
      try {
        return (Task<?>) everything.invoke(null, supply, 7L);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals("w=7, a=A, d=2.5 [15:0, 15:1, 15:2, finally] boxed failed! hello eight stage",
        result);
  }
}
