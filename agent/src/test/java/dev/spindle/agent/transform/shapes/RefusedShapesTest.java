package dev.spindle.agent.transform.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.POP;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A shape the pre-pass cannot move is refused with its reason, the method alone: an object under
 * construction compared with {@code IF_ACMPNE} (valid bytecode: the verifier lets any reference,
 * uninitialized ones included, be compared) while it is live across an await.
 */
@Timeout(20)
class RefusedShapesTest {
  private static final String NAME = "dev.spindle.agent.transform.shapes.generated.RefusedShapes";

  private static byte[] bytes(String awaitOwner) {
    Map<String, Consumer<ShapeCode>> methods = new LinkedHashMap<>();
    // NEW; DUP; DUP; DUP; IF_ACMPNE: [U U], then the await among the arguments
    methods.put("comparedAcrossAnAwait", c -> c.newBox().op(DUP).op(DUP).op(DUP)
        .compareAndGoOn().trace().constant("a").await("b").init());
    // the same comparison after the await, so never across one
    methods.put("comparedAfterAnAwait", c -> c.await("first").op(POP).newBox().op(DUP)
        .op(DUP).op(DUP).compareAndGoOn().trace().constant("a").constant("b").init());
    return ShapeClass.write(NAME.replace('.', '/'), awaitOwner, methods);
  }

  @Test
  void a_comparison_of_an_object_under_construction_across_an_await_is_refused_by_name()
      throws Exception {
    ShapeLoader loader = ShapeLoader.rewritten(NAME, bytes("dev/spindle/Await"),
        TransformOptions.DEFAULT);
    String expected = "@Async method dev.spindle.agent.transform.shapes.generated.RefusedShapes"
        + ".comparedAcrossAnAwait(Source, Trace) (RefusedShapes.java:10) could not be rewritten:"
        + " the object of NEW dev/spindle/agent/transform/shapes/Box at instruction #2 (NEW,"
        + " line 10) is live across an await, and IF_ACMPNE at instruction #6 (IF_ACMPNE, line"
        + " 10) uses it before its constructor runs; only copies of an object under construction"
        + " (DUP, SWAP and POP forms, ASTORE, ALOAD) and its constructor call can be moved past"
        + " an await: create it after the await, or construct it before; please report it with"
        + " the class file (-Dspindle.dump=<dir> writes it)";
    assertEquals(List.of(expected), loader.refusals().stream().map(r -> r.message()).toList());
    Class<?> rewritten = loader.loaded(NAME);
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> run(rewritten, "comparedAcrossAnAwait"));
    assertEquals(expected, thrown.getMessage());
  }

  @Test
  void the_same_comparison_after_the_await_is_rewritten()
      throws Exception {
    Class<?> rewritten = ShapeLoader.rewritten(NAME, bytes("dev/spindle/Await"),
        new TransformOptions(true)).loaded(NAME);
    Class<?> reference = ShapeLoader.plain(NAME,
        bytes(Joined.class.getName().replace('.', '/')));
    assertEquals("Box#1(a, b)", run(reference, "comparedAfterAnAwait"));
    assertEquals("Box#1(a, b)", run(rewritten, "comparedAfterAnAwait"));
  }

  /** The method's task's value as a string; what the method itself throws, unwrapped. */
  private static String run(Class<?> type, String name) throws Exception {
    Method method = type.getMethod(name, Source.class, Trace.class);
    Source source = Source.of(Mode.ALWAYS_SUSPEND);
    return String.valueOf(EventLoop.run(() -> {
      try {
        return (Task<?>) method.invoke(null, source, new Trace(true));
      } catch (InvocationTargetException thrown) {
        throw (RuntimeException) thrown.getCause();
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }));
  }
}
