package dev.spindle.bench.micro;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the unobserved-failure report costs a failure that is awaited at once: an {@code @Async}
 * method that throws before its first await (so its task fails with nobody waiting yet, and is
 * watched) awaited by a caller that catches. The exception is made once, without a stack trace,
 * so that only Spindle's own cost is measured (a real exception's {@code fillInStackTrace}
 * costs microseconds). Run once as is and once with
 * {@code -jvmArgsAppend -Dspindle.unobservedFailures=false}: the difference is the watch, off a
 * loop (registered, then unregistered by the await) and on one (held to the turn's end).
 * Anchor: the same throw and catch between two plain methods.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-javaagent:agent/target/spindle-agent.jar"})
public class FailurePathBenchmark {
  private static final Stackless FAILURE = new Stackless();
  static final int ON_LOOP = 1000;

  private int sink;

  @Benchmark
  public Object plainThrowCatch() {
    try {
      return plainThrows();
    } catch (Stackless e) {
      sink++;
      return e;
    }
  }

  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private Object plainThrows() {
    throw FAILURE;
  }

  /** Outside any loop (on JMH's thread): watched at once, unwatched by the await. */
  @Benchmark
  public Object spindleFailureAwaitedAtOnce() {
    return callAwaitsFailure();
  }

  /** On a loop, {@value #ON_LOOP} per turn: the watch waits for the turn's end, and is dropped. */
  @Benchmark
  @OperationsPerInvocation(ON_LOOP)
  public Object spindleFailureAwaitedAtOnceOnALoop() {
    return EventLoop.run(() -> {
      for (int i = 0; i < ON_LOOP; i++) {
        callAwaitsFailure();
      }
      return Task.completed();
    });
  }

  /** The call boundary (see AwaitFinishedBenchmark for why not on the @Async method). */
  @CompilerControl(CompilerControl.Mode.DONT_INLINE)
  private Object callAwaitsFailure() {
    return awaitsFailure();
  }

  @Async
  private Task<Void> awaitsFailure() {
    try {
      await(throwsAtOnce());
    } catch (Stackless e) {
      sink++;
    }
    return Task.completed();
  }

  @Async
  private Task<Void> throwsAtOnce() {
    if (sink >= 0 || sink < 0) { // always; javac would refuse an unconditional throw
      throw FAILURE;
    }
    return Task.completed();
  }

  /** Made once: no stack trace to fill, no suppressed list. */
  private static final class Stackless extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stackless() {
      super("no stack trace", null, false, false);
    }
  }
}
