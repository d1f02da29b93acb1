package dev.spindle.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of the runtime's exported packages, read from the compiled classes: one line
 * per public type and per public or protected member a user can reach, sorted, as
 * {@code owner: declaration}, e.g. {@code dev.spindle.Task: public static <T> dev.spindle.Task<T>
 * completed(T)} (generic types as declared, nested types with {@code $}).
 */
final class PublicSurface {
  private PublicSurface() {}

  /** The surface of {@code packages}, whose classes are loaded from {@code classes}. */
  static List<String> of(Path classes, Set<String> packages) {
    TreeSet<String> lines = new TreeSet<>();
    for (String name : classNames(classes, packages)) {
      Class<?> type = load(name);
      if (isApi(type)) {
        describe(type, lines);
      }
    }
    return new ArrayList<>(lines);
  }

  /** A public type that is top-level, or a member of an API type. */
  private static boolean isApi(Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || type.isSynthetic()) {
      return false;
    }
    Class<?> enclosing = type.getDeclaringClass();
    if (enclosing != null) {
      return isApi(enclosing);
    }
    return !type.isAnonymousClass() && !type.isLocalClass();
  }

  private static void describe(Class<?> type, Set<String> lines) {
    String owner = type.getName();
    lines.add(owner + ": " + declaration(type));
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      add(owner, constructor, modifiers(constructor.getModifiers()) + typeParameters(constructor)
          + type.getSimpleName() + parameters(constructor), lines);
    }
    for (Method method : type.getDeclaredMethods()) {
      if (!method.isBridge()) {
        String modifiers = modifiers(method.getModifiers() & Modifier.methodModifiers());
        if (method.isDefault()) {
          modifiers += "default ";
        }
        add(owner, method, modifiers + typeParameters(method)
            + method.getGenericReturnType().getTypeName() + " " + method.getName()
            + parameters(method), lines);
      }
    }
    for (Field field : type.getDeclaredFields()) {
      add(owner, field, modifiers(field.getModifiers() & Modifier.fieldModifiers())
          + field.getGenericType().getTypeName() + " " + field.getName(), lines);
    }
  }

  /**
   * The type's declaration, written here rather than by {@code Class.toGenericString()}, whose
   * text differs between JDK releases: the file must read the same on JDK 17 and 25.
   */
  private static String declaration(Class<?> type) {
    int modifiers = type.getModifiers() & Modifier.classModifiers();
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isEnum()) {
      kind = "enum";
      modifiers &= ~Modifier.FINAL;
    } else if (type.isRecord()) {
      kind = "record";
      modifiers &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    StringBuilder line = new StringBuilder(modifiers(modifiers)).append(kind).append(' ')
        .append(type.getName());
    TypeVariable<?>[] variables = type.getTypeParameters();
    if (variables.length > 0) {
      line.append(typeParameters(variables).stripTrailing());
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
      line.append(" extends ").append(superclass.getTypeName());
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      line.append(type.isInterface() ? " extends " : " implements ").append(Arrays.stream(interfaces)
          .map(Type::getTypeName).collect(Collectors.joining(", ")));
    }
    return line.toString();
  }

  private static String modifiers(int modifiers) {
    String text = Modifier.toString(modifiers);
    return text.isEmpty() ? "" : text + " ";
  }

  private static String typeParameters(GenericDeclaration declaration) {
    return typeParameters(declaration.getTypeParameters());
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    return Arrays.stream(variables).map(variable -> {
      String bounds = Arrays.stream(variable.getBounds())
          .filter(bound -> bound != Object.class)
          .map(Type::getTypeName)
          .collect(Collectors.joining(" & "));
      return bounds.isEmpty() ? variable.getName() : variable.getName() + " extends " + bounds;
    }).collect(Collectors.joining(", ", "<", "> "));
  }

  private static String parameters(Executable executable) {
    Type[] types = executable.getGenericParameterTypes();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String name = types[i].getTypeName();
      if (executable.isVarArgs() && i == types.length - 1 && name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2) + "...";
      }
      names.add(name);
    }
    return names.stream().collect(Collectors.joining(", ", "(", ")"));
  }

  private static void add(String owner, Member member, String declaration, Set<String> lines) {
    int modifiers = member.getModifiers();
    if (!member.isSynthetic() && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))) {
      lines.add(owner + ": " + declaration);
    }
  }

  private static List<String> classNames(Path classes, Set<String> packages) {
    List<String> names = new ArrayList<>();
    for (String pkg : packages) {
      Path dir = classes.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        files.map(file -> file.getFileName().toString())
            .filter(file -> file.endsWith(".class") && !file.equals("package-info.class"))
            .forEach(file -> names.add(pkg + "." + file.substring(0, file.length() - 6)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the compiled classes of " + pkg + " in " + dir
            + ": build the runtime first (mvn -pl runtime test-compile)", e);
      }
    }
    return names;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicSurface.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the compiled class " + name + " cannot be loaded", e);
    }
  }
}
