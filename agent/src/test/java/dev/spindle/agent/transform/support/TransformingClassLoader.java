package dev.spindle.agent.transform.support;

import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Loads the classes of one package child-first through {@link AsyncClassTransformer}, as the
 * agent would, and delegates everything else (the runtime, JUnit, this support package) to its
 * parent. Every rewritten class is checked by ASM's {@link CheckClassAdapter} (a data-flow
 * verification) before the JVM's own verifier sees it at definition.
 */
public final class TransformingClassLoader extends ClassLoader {
  private static final Map<Boolean, TransformingClassLoader> CORPUS_LOADERS =
      new ConcurrentHashMap<>();

  private final String packagePrefix;
  private final AsyncClassTransformer transformer;
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> rewritten = new ConcurrentHashMap<>();

  public TransformingClassLoader(String packagePrefix, TransformOptions options,
      ClassLoader parent) {
    super(parent);
    this.packagePrefix = packagePrefix;
    this.transformer = new AsyncClassTransformer(options);
  }

  /** The shared loader of the test corpus ({@code ...transform.corpus}) for {@code mode}. */
  public static TransformingClassLoader corpus(Mode mode) {
    return CORPUS_LOADERS.computeIfAbsent(mode.alwaysSuspend(), always ->
        new TransformingClassLoader("dev.spindle.agent.transform.corpus.",
            new TransformOptions(always), TransformingClassLoader.class.getClassLoader()));
  }

  /** Every refusal of every class this loader transformed. */
  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  /** The rewritten bytes of {@code className}, or null if it was left untouched. */
  public byte[] rewrittenBytes(String className) {
    return rewritten.get(className);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(packagePrefix)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = define(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    byte[] original = readOriginal(name);
    var result = transformer.transform(name.replace('.', '/'), original);
    refusals.addAll(result.refusals());
    byte[] bytes = original;
    if (result.rewritten() != null) {
      bytes = result.rewritten();
      check(name, bytes, getParent());
      rewritten.put(name, bytes);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  private byte[] readOriginal(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = getParent().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * ASM's verifier over a rewritten class; the types it must compare are looked up through
   * {@code types} (the untransformed classes: the check only needs their hierarchy).
   */
  public static void check(String name, byte[] bytes, ClassLoader types) {
    StringWriter report = new StringWriter();
    CheckClassAdapter.verify(new ClassReader(bytes), types, false, new PrintWriter(report));
    if (!report.toString().isEmpty()) {
      throw new AssertionError("rewritten " + name + " does not verify:\n" + report);
    }
  }
}
