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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * Class files of every supported generation, compiled here from one source with
 * {@code --release 8} (version 52, string concatenation through StringBuilder, private interface
 * methods only as javac's own synthetics), 11 (nestmates), 17, and the running JDK's own release
 * (69 on JDK 25), then rewritten and run.
 */
@Timeout(120)
class ClassFileVersionsTest {
  private static final String CORPUS = "dev.spindle.agent.transform.java8.Java8Corpus";
  private static final Map<Integer, Map<String, byte[]>> CLASSES_BY_RELEASE =
      new java.util.concurrent.ConcurrentHashMap<>();

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> releasesAndModes() {
    int current = Runtime.version().feature();
    return java.util.stream.IntStream.of(8, 11, 17, current).distinct().boxed()
        .flatMap(release -> java.util.Arrays.stream(Mode.values())
            .map(mode -> org.junit.jupiter.params.provider.Arguments.of(release, mode)));
  }

  private static Map<String, byte[]> compiled(int release) {
    return CLASSES_BY_RELEASE.computeIfAbsent(release, r -> {
      try {
        return compile(r);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static Map<String, byte[]> compile(int release) throws IOException {
    String source;
    try (InputStream in = ClassFileVersionsTest.class.getResourceAsStream(
        "java8/Java8Corpus.java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Map<String, byte[]> classes = new java.util.concurrent.ConcurrentHashMap<>();
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
        List.of("--release", String.valueOf(release), "-g", "-Xlint:-options", "-classpath",
            System.getProperty("java.class.path")), null, List.of(unit)).call();
    assertTrue(compiled, diagnostics.toString());
    assertEquals(44 + release, classes.get(CORPUS)[7], "class-file major version");
    return classes;
  }

  @ParameterizedTest(name = "--release {0}, {1}")
  @org.junit.jupiter.params.provider.MethodSource("releasesAndModes")
  void a_class_file_of_each_version_is_rewritten_and_behaves(int release, Mode mode)
      throws Exception {
    Map<String, byte[]> classes = compiled(release);
    AsyncClassTransformer transformer = new AsyncClassTransformer(
        new TransformOptions(mode.alwaysSuspend()));
    ClassLoader loader = new ClassLoader(ClassFileVersionsTest.class.getClassLoader()) {
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
