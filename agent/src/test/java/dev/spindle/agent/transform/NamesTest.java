package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.Type;

/** Every runtime and JDK entry point in {@link Names} exists, with that static-ness and type. */
class NamesTest {
  @TestFactory
  Iterable<DynamicTest> every_method_exists_with_its_descriptor_and_static_ness() {
    return Names.methods().stream().map(method -> DynamicTest.dynamicTest(
        method.owner() + "." + method.name() + method.descriptor(), () -> check(method)))
        .toList();
  }

  @TestFactory
  Iterable<DynamicTest> every_field_exists_public_with_its_type() {
    return Names.fields().stream().map(field -> DynamicTest.dynamicTest(
        field.owner() + "." + field.name(), () -> {
          Field found = classOf(field.owner()).getField(field.name());
          assertEquals(field.descriptor(), Type.getDescriptor(found.getType()));
          assertEquals(field.isStatic(), Modifier.isStatic(found.getModifiers()));
        })).toList();
  }

  @Test
  void the_recognised_annotation_and_types_are_the_runtimes() throws Exception {
    assertEquals(Names.ASYNC_DESCRIPTOR, Type.getDescriptor(dev.spindle.Async.class));
    assertEquals(Names.TASK, Type.getInternalName(dev.spindle.Task.class));
    assertEquals(Names.FRAME, Type.getInternalName(dev.spindle.internal.frame.AsyncFrame.class));
    assertEquals(Names.FRAME_DESCRIPTOR, Type.getDescriptor(dev.spindle.internal.frame.AsyncFrame.class));
    assertEquals(Names.RESUMER, Type.getInternalName(dev.spindle.internal.frame.Resumer.class));
    assertEquals(Names.AWAIT, Type.getInternalName(dev.spindle.Await.class));
    assertEquals("()" + Type.getObjectType(Names.RESUMER).getDescriptor(),
        Names.RESUMER_FACTORY_DESCRIPTOR);
  }

  @Test
  void the_await_lines_annotation_is_the_runtimes_and_visible_at_run_time() throws Exception {
    Class<?> annotation = dev.spindle.internal.frame.AwaitLines.class;
    assertEquals(Names.AWAIT_LINES_DESCRIPTOR, Type.getDescriptor(annotation));
    assertEquals(int[].class, annotation.getMethod(Names.AWAIT_LINES_VALUE).getReturnType());
    assertEquals(java.lang.annotation.RetentionPolicy.RUNTIME,
        annotation.getAnnotation(java.lang.annotation.Retention.class).value());
  }

  private static void check(Names.MethodRef method) throws Exception {
    Class<?> owner = classOf(method.owner());
    Type descriptor = Type.getMethodType(method.descriptor());
    Class<?>[] parameters = Arrays.stream(descriptor.getArgumentTypes()).map(NamesTest::classOf)
        .toArray(Class<?>[]::new);
    Executable found;
    Class<?> returned;
    if (method.name().equals("<init>")) {
      Constructor<?> constructor = owner.getConstructor(parameters);
      found = constructor;
      returned = void.class;
    } else {
      Method declared = owner.getMethod(method.name(), parameters);
      found = declared;
      returned = declared.getReturnType();
    }
    assertTrue(Modifier.isPublic(found.getModifiers()), "public");
    assertEquals(method.isStatic(), Modifier.isStatic(found.getModifiers()), "static-ness");
    assertEquals(descriptor.getReturnType().getDescriptor(), Type.getDescriptor(returned),
        "return type");
  }

  private static Class<?> classOf(String internalName) {
    return classOf(Type.getObjectType(internalName));
  }

  private static Class<?> classOf(Type type) {
    switch (type.getSort()) {
      case Type.INT: return int.class;
      case Type.LONG: return long.class;
      case Type.FLOAT: return float.class;
      case Type.DOUBLE: return double.class;
      case Type.BOOLEAN: return boolean.class;
      default:
        try {
          return Class.forName(type.getSort() == Type.ARRAY ? type.getDescriptor().replace('/', '.')
              : type.getClassName(), false, NamesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new AssertionError("no class " + type.getClassName(), e);
        }
    }
  }
}
