package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.agent.transform.corpus.YieldCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.TransformingClassLoader;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * {@code await(EventLoop.yieldNow())} compiled without a task: the frame itself waits for the
 * loop's next turn. It must behave exactly as the yield task it replaces: one turn, after the I/O
 * poll, in order with real yield tasks, cancellable, and refused outside a loop.
 */
@Timeout(20)
class YieldTest {
  private static final Corpus CORPUS = Corpus.load(YieldCorpus.class, Mode.LATER);

  @Test
  void onlyAYieldThatGoesStraightIntoAwaitIsCompiledWithoutATask() {
    TransformingClassLoader loader = TransformingClassLoader.corpus(Mode.LATER);
    try {
      Class.forName(YieldCorpus.class.getName(), true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    ClassNode rewritten = new ClassNode();
    new ClassReader(loader.rewrittenBytes(YieldCorpus.class.getName())).accept(rewritten, 0);
    MethodNode direct = stateMachine(rewritten, "yieldTimes");
    assertEquals(List.of("dev/spindle/internal/frame/AsyncFrame.yielding"), yieldCalls(direct));
    MethodNode throughLocal = stateMachine(rewritten, "yieldThroughTask");
    assertEquals(List.of("dev/spindle/EventLoop.yieldNow"), yieldCalls(throughLocal));
  }

  @Test
  void taskFreeYieldsAndYieldTasksTakeTurnsInTheOrderTheyYielded() throws Throwable {
    Method direct = method("yieldTimes");
    Method throughTask = method("yieldThroughTask");
    List<String> log = new ArrayList<>();
    List<Object> counts = EventLoop.run(() -> Task.all(List.of(
        invoke(direct, 3, log, "a"),
        invoke(throughTask, 3, log, "b"),
        invoke(direct, 3, log, "c"))));
    assertEquals(List.of(3, 3, 3), counts);
    assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"), log);
  }

  @Test
  void aYieldResumesAfterWorkPostedBeforeTheTurnItWaitsFor() throws Throwable {
    Method yieldInTry = method("yieldInTry");
    List<String> log = new ArrayList<>();
    Object result = EventLoop.run(() -> {
      EventLoop loop = EventLoop.current();
      Thread poster = new Thread(() -> loop.execute(() -> log.add("posted work")), "poster");
      poster.start();
      try {
        poster.join(); // the work now waits in the loop's inbox, drained at the next turn
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return invoke(yieldInTry, log);
    });
    assertEquals("resumed", result);
    assertEquals(List.of("posted work", "after the yield", "finally"), log);
  }

  @Test
  void aYieldingTaskStillLetsTheLoopPollItsSockets() throws Throwable {
    Method yieldUntil = method("yieldUntil");
    String outcome = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Task<AsyncTcpStream> accepted = listener.accept();
      Promise<String> result = new Promise<>();
      AsyncTcpStream.connect(listener.localAddress()).whenDone(connected -> accepted.whenDone(
          ready -> {
            AsyncTcpStream client = (AsyncTcpStream) connected.resultNow();
            AsyncTcpStream server = (AsyncTcpStream) ready.resultNow();
            Task<Integer> read = server.read(ByteBuffer.allocate(8));
            client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
            invoke(yieldUntil, read, 1000).whenDone(counted -> {
              result.complete("read " + read.resultNow() + " bytes within "
                  + counted.resultNow() + " yields");
              listener.close();
              server.close();
              client.close();
            });
          }));
      return result.task();
    });
    assertTrue(outcome.equals("read 4 bytes within 1 yields")
        || outcome.equals("read 4 bytes within 2 yields"), outcome);
  }

  @Test
  void aTaskFreeYieldAllocatesNothingWhereAYieldTaskAllocatesOne() throws Throwable {
    int yields = 200_000;
    bytesPerYield("yieldUntil", yields); // warm-up: class loading, first compilations
    bytesPerYield("yieldThroughTaskUntil", yields);
    double taskFree = bytesPerYield("yieldUntil", yields);
    double throughTask = bytesPerYield("yieldThroughTaskUntil", yields);
    assertTrue(taskFree < 1, taskFree + " bytes per task-free yield");
    assertTrue(throughTask >= 16, throughTask + " bytes per yield through a task");
  }

  @Test
  void cancellingACallWaitingForItsTurnThrowsAtTheAwaitAndRunsItsFinally() throws Throwable {
    Method yieldInTry = method("yieldInTry");
    List<String> log = new ArrayList<>();
    Task<Object>[] call = newCall();
    CancellationException cancelled = assertThrows(CancellationException.class,
        () -> EventLoop.run(() -> {
          call[0] = YieldTest.<Object>invoke(yieldInTry, log);
          assertFalse(call[0].isDone());
          assertTrue(call[0].cancel());
          return call[0];
        }));
    assertEquals("task cancelled", cancelled.getMessage());
    assertEquals(List.of("finally"), log);
    assertTrue(call[0].isCancelled());
  }

  @Test
  void aCancelFromAnotherThreadReachesACallThatKeepsYielding() throws Throwable {
    Method yieldUntil = method("yieldUntil");
    Task<Object>[] call = newCall();
    assertThrows(CancellationException.class, () -> EventLoop.run(() -> {
      call[0] = YieldTest.<Object>invoke(yieldUntil, new Promise<Void>().task(),
          Integer.MAX_VALUE);
      Thread canceller = new Thread(() -> call[0].cancel(), "canceller");
      canceller.start();
      return call[0];
    }));
    assertTrue(call[0].isCancelled());
  }

  @Test
  void aYieldOutsideAnyLoopFailsTheCallAsEventLoopYieldNowWould() throws Throwable {
    Task<?> task = (Task<?>) CORPUS.call("yieldTimes", 1, new ArrayList<String>(), "x");
    IllegalStateException failure = assertInstanceOf(IllegalStateException.class,
        task.failureNow());
    IllegalStateException direct = assertThrows(IllegalStateException.class,
        EventLoop::yieldNow);
    assertEquals(direct.getMessage(), failure.getMessage());
  }

  @Test
  void aCallSuspendedOutsideAnyLoopYieldsOnTheLoopThatResumesIt() throws Throwable {
    Promise<Integer> gate = new Promise<>();
    Task<?> call = (Task<?>) CORPUS.call("yieldAfter", gate.task()); // frame with no loop
    assertFalse(call.isDone());
    Object result = EventLoop.run(() -> {
      gate.complete(41); // resumes the frame here, on the loop thread, where it yields
      Promise<Object> done = new Promise<>();
      call.whenDone(finished -> done.complete(finished.resultNow()));
      return done.task();
    });
    assertEquals(42, result);
  }

  // ---------------------------------------------------------------- helpers

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: made raw, used typed
  private static Task<Object>[] newCall() {
    return new Task[1];
  }

  /** Bytes the loop thread allocates per yield of {@code name} over {@code yields} yields. */
  private static double bytesPerYield(String name, int yields) throws Throwable {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Method method = method(name);
    Task<Void> never = new Promise<Void>().task();
    long before = threads.getCurrentThreadAllocatedBytes();
    Object counted = EventLoop.run(() -> invoke(method, never, yields));
    long bytes = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(yields, counted);
    return (double) bytes / yields;
  }

  private static Method method(String name) {
    return CORPUS.method(name);
  }

  @SuppressWarnings("unchecked")
  private static <T> Task<T> invoke(Method method, Object... arguments) {
    try {
      return (Task<T>) method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the rewritten method threw instead of failing its task",
          e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** The state machine of {@code name}: its overload that takes the frame. */
  private static MethodNode stateMachine(ClassNode type, String name) {
    return type.methods.stream()
        .filter(m -> m.name.equals(name) && m.desc.contains("Ldev/spindle/internal/frame/AsyncFrame;)"))
        .findFirst().orElseThrow(() -> new AssertionError("no state machine for " + name));
  }

  /** Every call to a method named yieldNow or yielding in {@code method}, as owner.name. */
  private static List<String> yieldCalls(MethodNode method) {
    List<String> calls = new ArrayList<>();
    for (AbstractInsnNode node : method.instructions) {
      if (node instanceof MethodInsnNode call
          && (call.name.equals("yieldNow") || call.name.equals("yielding"))) {
        calls.add(call.owner + "." + call.name);
      }
    }
    return calls;
  }
}
