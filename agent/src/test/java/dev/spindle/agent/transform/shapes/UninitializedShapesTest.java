package dev.spindle.agent.transform.shapes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.analysis.FrameAnalyzer;
import dev.spindle.agent.transform.analysis.FrameSnapshot;
import dev.spindle.agent.transform.analysis.Uninitialized;
import dev.spindle.agent.transform.rewrite.ConstructorCallRewriter;
import dev.spindle.agent.transform.scan.AsyncMethodScanner;
import dev.spindle.agent.transform.scan.SuspensionPoint;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.Source;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Each {@link Shape} rewritten by the agent behaves as the same bytes do with an await that never
 * suspends (its call swapped for {@link Joined#await}, on finished tasks): same value, same
 * copies of the same box, same awaits and constructions in the same order, same failure.
 */
@Timeout(20)
class UninitializedShapesTest {
  private static final String NAME = "dev.spindle.agent.transform.shapes.generated.Shapes";
  private static final Map<Boolean, ShapeLoader> REWRITTEN = new ConcurrentHashMap<>();
  private static final Class<?> REFERENCE =
      ShapeLoader.plain(NAME, bytes(Joined.class.getName().replace('.', '/')));

  private static byte[] bytes(String awaitOwner) {
    return ShapeClass.write(NAME.replace('.', '/'), awaitOwner, ShapeClass.allShapes());
  }

  /** The rewritten class, once no refusal names {@code shape}'s method. */
  private static Class<?> rewritten(Mode mode, Shape shape) {
    ShapeLoader loader = REWRITTEN.computeIfAbsent(mode.alwaysSuspend(), always ->
        ShapeLoader.rewritten(NAME, bytes("dev/spindle/Await"), new TransformOptions(always)));
    assertEquals(List.of(), loader.refusals().stream()
        .filter(refusal -> refusal.methodName().equals(shape.name())).toList());
    return loader.loaded(NAME);
  }

  /** Every shape in every mode: no failure, the first await failing, the last one failing. */
  static Stream<Arguments> runs() {
    return Stream.of(Shape.values()).flatMap(shape -> Stream.of(Mode.values())
        .flatMap(mode -> IntStream.of(0, 1, shape.awaits()).distinct().boxed()
            .flatMap(failAt -> Stream.of(true, false)
                .filter(flag -> flag || shape.branches())
                .map(flag -> Arguments.of(shape, mode, failAt, flag)))));
  }

  @ParameterizedTest(name = "{0}, {1}, failing at await {2} (0: none), flag {3}")
  @MethodSource("runs")
  void behaves_as_the_same_bytes_with_an_await_that_never_suspends(Shape shape, Mode mode,
      int failAt, boolean flag) throws Exception {
    Outcome expected = reference(shape, failAt, flag);
    Outcome actual = rewrittenRun(shape, mode, failAt, flag);
    assertEquals(expected, actual);
    assertTrue(failAt > 0 || expected.result().contains("Box#"), "a real result: " + expected);
  }

  @ParameterizedTest
  @EnumSource(Shape.class)
  void each_shape_holds_an_object_under_construction_at_an_await_until_the_pre_pass(Shape shape) {
    ClassNode owner = new ClassNode();
    new ClassReader(bytes("dev/spindle/Await")).accept(owner, ClassReader.EXPAND_FRAMES);
    MethodNode method = owner.methods.stream().filter(m -> m.name.equals(shape.name()))
        .findFirst().orElseThrow();
    List<SuspensionPoint> points = AsyncMethodScanner.awaitCalls(method);
    assertTrue(uninitializedAtSomeAwait(owner.name, method, points),
        "the shape must test what it claims");
    assertTrue(ConstructorCallRewriter.rewrite(owner.name, method, points));
    assertTrue(!uninitializedAtSomeAwait(owner.name, method, points),
        "after the pre-pass, no object under construction is on the stack or in a local at an"
            + " await");
  }

  private static boolean uninitializedAtSomeAwait(String owner, MethodNode method,
      List<SuspensionPoint> points) {
    var frames = FrameAnalyzer.analyze(owner, method);
    return points.stream().map(point -> frames.before(point.call()))
        .flatMap((FrameSnapshot before) -> Stream.concat(before.stack().stream(),
            before.locals().stream()))
        .anyMatch(type -> type instanceof Uninitialized);
  }

  /** What a run returned (or failed with) and what it did, in order. */
  record Outcome(String result, List<String> events) {}

  private static Outcome reference(Shape shape, int failAt, boolean flag) throws Exception {
    Source source = Source.failingAt(Mode.DONE, failAt);
    Trace trace = new Trace(flag);
    Method method = REFERENCE.getMethod(shape.name(), Source.class, Trace.class);
    String result;
    try {
      result = String.valueOf(((Task<?>) method.invoke(null, source, trace)).resultNow());
    } catch (InvocationTargetException thrown) {
      result = "failed: " + thrown.getCause();
    }
    return new Outcome(result, trace.events());
  }

  private static Outcome rewrittenRun(Shape shape, Mode mode, int failAt, boolean flag)
      throws Exception {
    Source source = Source.failingAt(mode, failAt);
    Trace trace = new Trace(flag);
    Method method = rewritten(mode, shape).getMethod(shape.name(), Source.class, Trace.class);
    String result;
    try {
      result = String.valueOf(EventLoop.run(() -> {
        try {
          return (Task<?>) method.invoke(null, source, trace);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError("the rewritten method threw instead of failing its task", e);
        }
      }));
    } catch (IllegalStateException failed) {
      assertEquals(source.failure(), failed, "the very exception the task failed with");
      result = "failed: " + failed;
    }
    return new Outcome(result, trace.events());
  }
}
