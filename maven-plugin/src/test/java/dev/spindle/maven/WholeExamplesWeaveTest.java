package dev.spindle.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.SpindleAgent;
import dev.spindle.agent.WeaveSummary;
import dev.spindle.agent.Weaver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of the examples module, woven at build time, holds exactly the bytes the
 * load-time agent gives it: the agent's own {@link ClassFileTransformer} (installed by
 * {@link SpindleAgent#premain} into a stand-in {@link Instrumentation}, with this JVM's options,
 * {@code -Dspindle.strict=true} among them) sees each class as a real class loader defines it.
 */
class WholeExamplesWeaveTest {
  @Test
  void wovenBytesEqualAgentBytesForEveryExampleClass(@TempDir Path work) throws Exception {
    Path examples = Path.of(System.getProperty("spindle.examples.classes"));
    List<String> classNames = classNames(examples);
    assertTrue(classNames.size() > 20, "the examples module's classes, compiled: " + classNames);

    Path woven = work.resolve("classes");
    copyTree(examples, woven);
    WeaveSummary summary = new Weaver().weaveDirectory(woven, true);
    assertEquals(List.of(), summary.refusals());

    AgentLoader loader = new AgentLoader(examples, installedTransformer());
    for (String className : classNames) {
      Class.forName(className, false, loader);
    }

    List<String> differing = new ArrayList<>();
    List<String> rewritten = new ArrayList<>();
    for (String className : classNames) {
      String file = className.replace('.', '/') + ".class";
      byte[] original = Files.readAllBytes(examples.resolve(file));
      byte[] byAgent = loader.defined.get(className);
      assertNotNull(byAgent, className + " was not loaded");
      byte[] byWeaver = Files.readAllBytes(woven.resolve(file));
      if (!Arrays.equals(byAgent, byWeaver)) {
        differing.add(className);
      }
      if (!Arrays.equals(original, byAgent)) {
        rewritten.add(className);
      }
    }
    assertEquals(List.of(), differing, "classes whose woven bytes differ from the agent's");
    assertEquals(summary.rewritten().stream().sorted().toList(), rewritten.stream().sorted()
        .toList(), "the classes the weaver and the agent rewrite");
    assertTrue(rewritten.containsAll(List.of("dev.spindle.examples.EchoServer",
        "dev.spindle.examples.HttpConnection", "dev.spindle.examples.HttpServer")),
        "the examples' servers have @Async methods: " + rewritten);
  }

  /** The agent's class-load hook, as {@code -javaagent} would install it. */
  private static ClassFileTransformer installedTransformer() {
    ClassFileTransformer[] captured = new ClassFileTransformer[1];
    Instrumentation recorder = (Instrumentation) Proxy.newProxyInstance(
        WholeExamplesWeaveTest.class.getClassLoader(), new Class<?>[] {Instrumentation.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals("addTransformer")) {
            captured[0] = (ClassFileTransformer) arguments[0];
            return null;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    SpindleAgent.premain("", recorder);
    assertNotNull(captured[0], "premain installed no transformer: is an agent already here?");
    return captured[0];
  }

  /**
   * Defines the examples' classes itself (child-first), each through the agent's transformer,
   * as the JVM does for an application class loader; everything else from the test class path.
   */
  private static final class AgentLoader extends ClassLoader {
    final Map<String, byte[]> defined = new ConcurrentHashMap<>();
    private final Path classes;
    private final ClassFileTransformer transformer;
    private final ProtectionDomain domain;

    AgentLoader(Path classes, ClassFileTransformer transformer) throws IOException {
      super("examples-under-agent", WholeExamplesWeaveTest.class.getClassLoader());
      this.classes = classes;
      this.transformer = transformer;
      this.domain = new ProtectionDomain(new CodeSource(classes.toUri().toURL(),
          (CodeSigner[]) null), null, this, null);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      Path file = classes.resolve(name.replace('.', '/') + ".class");
      if (!Files.isRegularFile(file)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = define(name, file);
        }
        return loaded;
      }
    }

    private Class<?> define(String name, Path file) throws ClassNotFoundException {
      try {
        byte[] original = Files.readAllBytes(file);
        byte[] rewritten = transformer.transform(this, name.replace('.', '/'), null, domain,
            original);
        byte[] bytes = rewritten != null ? rewritten : original;
        defined.put(name, bytes);
        return defineClass(name, bytes, 0, bytes.length, domain);
      } catch (IOException | IllegalClassFormatException failure) {
        throw new ClassNotFoundException(name, failure);
      }
    }
  }

  private static List<String> classNames(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".class"))
          .map(f -> root.relativize(f).toString().replace('/', '.'))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .filter(name -> !name.endsWith("module-info") && !name.endsWith("package-info"))
          .sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(source -> {
        try {
          Path target = to.resolve(from.relativize(source).toString());
          if (Files.isDirectory(source)) {
            Files.createDirectories(target);
          } else {
            Files.copy(source, target);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
