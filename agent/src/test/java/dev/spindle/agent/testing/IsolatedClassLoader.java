package dev.spindle.agent.testing;

import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Defines chosen classes afresh from their class files (child-first), so that each test gets its
 * own copy of a corpus class, rewritten by the installed agent as it is defined, or by a given
 * function first. Every other class comes from the parent, the test class loader.
 */
public final class IsolatedClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Set<String> isolated;
  private final Map<String, byte[]> classFiles;
  private final BiFunction<String, byte[], byte[]> beforeDefine;

  /** Loads {@code classNames} from the test class path's class files, as they are. */
  public IsolatedClassLoader(Set<String> classNames) {
    this(classNames, Map.of(), (name, bytes) -> bytes);
  }

  /**
   * @param classNames binary names defined by this loader
   * @param classFiles class files to use instead of the test class path's, by binary name
   * @param beforeDefine applied to each class file before it is defined (internal name, bytes)
   */
  public IsolatedClassLoader(Set<String> classNames, Map<String, byte[]> classFiles,
      BiFunction<String, byte[], byte[]> beforeDefine) {
    super("isolated", IsolatedClassLoader.class.getClassLoader());
    this.isolated = Set.copyOf(classNames);
    this.classFiles = Map.copyOf(classFiles);
    this.beforeDefine = beforeDefine;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isolated.contains(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    if (!isolated.contains(name)) {
      throw new ClassNotFoundException(name);
    }
    byte[] original = classFiles.containsKey(name) ? classFiles.get(name)
        : ClassFiles.bytesOf(name);
    byte[] bytes = beforeDefine.apply(ClassFiles.internalName(name), original);
    return defineClass(name, bytes, 0, bytes.length);
  }
}
