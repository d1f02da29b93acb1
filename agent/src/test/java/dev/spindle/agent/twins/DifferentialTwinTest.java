package dev.spindle.agent.twins;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spindle.Task;
import dev.spindle.agent.testing.IsolatedClassLoader;
import dev.spindle.agent.testing.SpindleAgentExtension;
import dev.spindle.agent.transform.AsyncClassTransformer;
import dev.spindle.agent.transform.Refusal;
import dev.spindle.agent.transform.TransformOptions;
import dev.spindle.agent.transform.TransformResult;
import dev.spindle.agent.twins.TwinClassGenerator.GeneratedClass;
import dev.spindle.agent.twins.TwinClassGenerator.Pair;
import dev.spindle.agent.twins.TwinRunner.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The differential twin test: thousands of generated {@code @Async} methods with random control
 * flow, each run under the agent with its awaited values arriving in every way (already done,
 * later on the loop, from another thread, failed, without a loop), must end exactly as a
 * synchronous twin that differs only in reading each value directly: same value, same exception
 * (type and message), same trace of side effects, same fields.
 *
 * <p>Two rewrite paths: the installed agent as it rewrites classes while they load, and the
 * always-suspend rewrite (every await suspends, even on a finished task) applied by the class
 * loader itself. A fifth of the classes are compiled for Java 8 (string concatenation through
 * {@code StringBuilder} on the operand stack), the rest for Java 17.
 *
 * <p>System properties: {@code spindle.twins.count} (methods, default 3000),
 * {@code spindle.twins.seed} (a number, or {@code random}), {@code spindle.twins.class} (run only
 * the class of that index, to reproduce a failure quickly).
 */
@ExtendWith(SpindleAgentExtension.class)
class DifferentialTwinTest {
  private static final long DEFAULT_SEED = 20261126L;
  private static final int METHODS_PER_CLASS = 50;
  private static final int JAVA_8_EVERY = 5;
  private static final int CLASSES_PER_COMPILATION = 10;
  private static final int REPORTED_MISMATCHES = 3;

  private static final Delivery[] AGENT_DELIVERIES = Delivery.values();
  private static final Delivery[] ALWAYS_SUSPEND_DELIVERIES =
      {Delivery.DONE, Delivery.FAILING, Delivery.MIXED, Delivery.NO_LOOP};

  private record Mismatch(String report) {}

  @Test
  @Timeout(900)
  void asyncMethodsEndExactlyAsTheirSynchronousTwins() {
    long seed = seed();
    int count = Integer.getInteger("spindle.twins.count", 3000);
    String reproduce = "-Dspindle.twins.seed=" + seed + " -Dspindle.twins.count=" + count;
    Map<Integer, GeneratedClass> classes =
        generate(seed, count, Integer.getInteger("spindle.twins.class"));
    System.out.println("differential twins: seed " + seed + ", " + count + " methods; reproduce"
        + " with " + reproduce);
    long started = System.nanoTime();
    Map<String, byte[]> classFiles = compile(classes);
    long compiled = System.nanoTime();

    List<Mismatch> mismatches = new ArrayList<>();
    Statistics statistics = new Statistics();
    try (TwinRunner runner = new TwinRunner()) {
      classes.forEach((index, generated) -> mismatches.addAll(checkClass(runner, seed,
          index, generated, classFiles.get(generated.className()), statistics,
          "class #" + index + " " + generated.className() + " (" + reproduce
              + " -Dspindle.twins.class=" + index + ")")));
    }
    System.out.println("differential twins: compiled in " + (compiled - started) / 1_000_000
        + " ms, ran in " + (System.nanoTime() - compiled) / 1_000_000 + " ms");
    System.out.println("differential twins: " + statistics + ", " + mismatches.size()
        + " mismatches");
    if (!mismatches.isEmpty()) {
      StringBuilder report = new StringBuilder(mismatches.size() + " generated methods did not"
          + " end as their twins (seed " + seed + "; reproduce with " + reproduce + "):");
      mismatches.stream().limit(REPORTED_MISMATCHES).forEach(m -> report.append("\n\n")
          .append(m.report()));
      fail(report.toString());
    }
    statistics.assertEnough();
  }

  private static Map<Integer, GeneratedClass> generate(long seed, int count, Integer only) {
    int classCount = Math.max(1, (count + METHODS_PER_CLASS - 1) / METHODS_PER_CLASS);
    SplittableRandom classSeeds = new SplittableRandom(seed);
    Map<Integer, GeneratedClass> classes = new LinkedHashMap<>();
    for (int index = 0; index < classCount; index++) {
      long classSeed = classSeeds.nextLong();
      if (only == null || only == index) {
        classes.put(index, TwinClassGenerator.generate("Twins" + index, classSeed,
            Math.min(METHODS_PER_CLASS, count - index * METHODS_PER_CLASS)));
      }
    }
    return classes;
  }

  /** Every pair of one class, through the installed agent and the always-suspend rewrite. */
  private static List<Mismatch> checkClass(TwinRunner runner, long seed, int index,
      GeneratedClass generated, byte[] classFile, Statistics statistics, String where) {
    List<Mismatch> mismatches = new ArrayList<>();
    Class<?> byAgent = load(generated.className(), classFile, null);
    TransformResult result = new AsyncClassTransformer(new TransformOptions(true))
        .transform(generated.className().replace('.', '/'), classFile);
    for (Refusal refusal : result.refusals()) {
      mismatches.add(new Mismatch(where + ": refused in always-suspend mode: "
          + refusal.message()));
    }
    assertNotNull(result.rewritten(), where + ": the always-suspend rewrite changed nothing");
    Class<?> suspending = load(generated.className(), classFile, result.rewritten());
    for (Pair pair : generated.pairs()) {
      long runSeed = new SplittableRandom(seed ^ (index * 1_000_003L + pair.index())).nextLong();
      Map<Integer, Outcome> twins = new HashMap<>();
      for (Delivery delivery : AGENT_DELIVERIES) {
        Outcome twin = twins.computeIfAbsent(delivery.failOneIn,
            failing -> runner.twin(byAgent, generated, pair, runSeed, delivery));
        Outcome async = runner.async(byAgent, generated, pair, runSeed, delivery);
        statistics.add(async);
        if (!async.sameAs(twin) || delivery == Delivery.DONE
            && Boolean.TRUE.equals(async.suspended())) { // the fast path must not suspend
          mismatches.add(mismatch(where, pair, "agent", delivery, twin, async));
        }
      }
      for (Delivery delivery : ALWAYS_SUSPEND_DELIVERIES) {
        Outcome twin = twins.get(delivery.failOneIn);
        Outcome async = runner.async(suspending, generated, pair, runSeed, delivery);
        statistics.add(async);
        // a value requested is awaited at once, so the method must have suspended (it may also
        // suspend with none requested: awaiting a callee that threw)
        boolean requested = async.trace().stream().anyMatch(e -> e.startsWith("await "));
        if (!async.sameAs(twin) || requested && !Boolean.TRUE.equals(async.suspended())) {
          mismatches.add(mismatch(where, pair, "always-suspend", delivery, twin, async));
        }
      }
    }
    return mismatches;
  }

  /** How much the runs exercised: awaits requested, and how runs ended. */
  private static final class Statistics {
    long runs;
    long awaits;
    long values;
    long failures;
    long placedFailures;
    long suppressedFailures;

    void add(Outcome outcome) {
      runs++;
      awaits += outcome.trace().stream().filter(event -> event.startsWith("await ")).count();
      if (outcome.failure() == null) {
        values++;
      } else {
        failures++;
      }
      if (outcome.failurePlace() != null) {
        placedFailures++;
      }
      if (outcome.failure() != null && outcome.failure().contains("[suppressed ")) {
        suppressedFailures++;
      }
    }

    /** Guards the generator against drifting into methods that test little. */
    void assertEnough() {
      assertTrue(runs > 0 && awaits > 2L * runs, "generated methods must await a lot: " + this);
      assertTrue(values > runs / 4 && failures > runs / 10,
          "generated methods must end both ways: " + this);
      assertTrue(placedFailures > runs / 50,
          "exceptions thrown by generated code must have their lines compared: " + this);
    }

    @Override
    public String toString() {
      return runs + " async runs, " + awaits + " awaits, " + values + " ended with a value, "
          + failures + " with an exception (" + placedFailures + " thrown at a line compared"
          + " with the twin's, " + suppressedFailures + " with suppressed exceptions)";
    }
  }

  private static Mismatch mismatch(String where, Pair pair, String path, Delivery delivery,
      Outcome twin, Outcome async) {
    return new Mismatch(where + ", method a" + pair.index() + ", " + path + " rewrite, delivery "
        + delivery + "\n  twin:  " + twin + "\n  async: " + async + "\n--- async source ---\n"
        + pair.asyncSource() + "--- twin source ---\n" + pair.syncSource());
  }

  private static Map<String, byte[]> compile(Map<Integer, GeneratedClass> classes) {
    InMemoryCompiler compiler = new InMemoryCompiler(Task.class, Source.class);
    Map<String, byte[]> classFiles = new HashMap<>();
    for (int release : new int[] {17, 8}) {
      Map<String, String> batch = new LinkedHashMap<>();
      for (Map.Entry<Integer, GeneratedClass> entry : classes.entrySet()) {
        boolean java8 = entry.getKey() % JAVA_8_EVERY == JAVA_8_EVERY - 1;
        if ((release == 8) == java8) {
          batch.put(entry.getValue().className(), entry.getValue().source());
        }
        if (batch.size() == CLASSES_PER_COMPILATION) {
          classFiles.putAll(compiler.compile(batch, release));
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        classFiles.putAll(compiler.compile(batch, release));
      }
    }
    return classFiles;
  }

  /** Defines the class in a loader of its own; the installed agent rewrites it unless given. */
  private static Class<?> load(String className, byte[] classFile, byte[] rewritten) {
    byte[] bytes = rewritten != null ? rewritten : classFile;
    ClassLoader loader = new IsolatedClassLoader(java.util.Set.of(className),
        Map.of(className, bytes), (name, original) -> original);
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static long seed() {
    String property = System.getProperty("spindle.twins.seed");
    if (property == null || property.isBlank()) {
      return DEFAULT_SEED;
    }
    return property.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(property);
  }
}
