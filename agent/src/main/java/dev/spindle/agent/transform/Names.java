package dev.spindle.agent.transform;

import java.util.List;

/**
 * Every name the rewriter emits or matches: the runtime entry points generated code calls (owner,
 * name, descriptor), the annotation and operator it recognises, and the synthetic names it adds.
 * One place, so that {@code docs/bytecode-contract.md} and {@code NamesTest} can check them all.
 */
public final class Names {
  private Names() {}

  /** A method generated code calls or matches. */
  public record MethodRef(String owner, String name, String descriptor, boolean isStatic) {}

  /** A field generated code reads. */
  public record FieldRef(String owner, String name, String descriptor, boolean isStatic) {}

  // ---------------------------------------------------------------- what the agent recognises

  public static final String ASYNC_DESCRIPTOR = "Ldev/spindle/Async;";
  public static final String AWAIT = "dev/spindle/Await";
  public static final MethodRef AWAIT_TASK = new MethodRef(AWAIT, "await",
      "(Ldev/spindle/Task;)Ljava/lang/Object;", true);
  public static final MethodRef AWAIT_STAGE = new MethodRef(AWAIT, "await",
      "(Ljava/util/concurrent/CompletionStage;)Ljava/lang/Object;", true);
  /** Matched only right before an {@link #AWAIT_TASK}: see {@link #FRAME_YIELDING}. */
  public static final MethodRef YIELD_NOW = new MethodRef("dev/spindle/EventLoop", "yieldNow",
      "()Ldev/spindle/Task;", true);

  // ---------------------------------------------------------------- runtime entry points

  public static final String TASK = "dev/spindle/Task";
  public static final String TASK_DESCRIPTOR = "Ldev/spindle/Task;";
  public static final String FRAME = "dev/spindle/internal/frame/AsyncFrame";
  public static final String FRAME_DESCRIPTOR = "Ldev/spindle/internal/frame/AsyncFrame;";
  public static final String RESUMER = "dev/spindle/internal/frame/Resumer";

  public static final MethodRef TASK_IS_DONE = new MethodRef(TASK, "isDone", "()Z", false);
  /**
   * At each await's own place ({@code JOIN_k}): {@code Task.resultNow()}, whose failure gets the
   * awaiting method's frame appended (async stack traces).
   */
  public static final MethodRef AWAIT_RESULT = new MethodRef(
      "dev/spindle/internal/frame/AsyncStackTrace", "resultNow",
      "(Ldev/spindle/Task;)Ljava/lang/Object;", true);
  public static final MethodRef TASK_FROM = new MethodRef(TASK, "from",
      "(Ljava/util/concurrent/CompletionStage;)Ldev/spindle/Task;", true);
  /**
   * The forwarder of an {@code @Async} method declared to return {@code CompletableFuture} or
   * {@code CompletionStage}: the future of its state machine's task (cancelling it cancels the
   * task). Each of its {@code areturn}s becomes {@link #TASK_FROM} first.
   */
  public static final MethodRef TASK_TO_FUTURE = new MethodRef(TASK, "toCompletableFuture",
      "()Ljava/util/concurrent/CompletableFuture;", false);
  public static final String COMPLETABLE_FUTURE_DESCRIPTOR =
      "Ljava/util/concurrent/CompletableFuture;";
  public static final String COMPLETION_STAGE_DESCRIPTOR = "Ljava/util/concurrent/CompletionStage;";

  public static final MethodRef FRAME_OF = new MethodRef(FRAME, "of",
      "(Ldev/spindle/internal/frame/AsyncFrame;Ldev/spindle/internal/frame/Resumer;II)Ldev/spindle/internal/frame/AsyncFrame;",
      true);
  /** Replaces a {@link #YIELD_NOW} whose task goes straight into await: no task is made. */
  public static final MethodRef FRAME_YIELDING = new MethodRef(FRAME, "yielding",
      "()Ldev/spindle/Task;", true);
  public static final MethodRef FRAME_SUSPEND = new MethodRef(FRAME, "suspend",
      "(Ldev/spindle/Task;ILdev/spindle/internal/frame/AsyncFrame;)Ldev/spindle/Task;", true);
  /** The same, then clears the {@code refs} entries dead at that state (see the contract). */
  public static final MethodRef FRAME_SUSPEND_CLEARING = new MethodRef(FRAME, "suspend",
      "(Ldev/spindle/Task;ILdev/spindle/internal/frame/AsyncFrame;Ljava/lang/String;I)Ldev/spindle/Task;",
      true);
  public static final MethodRef FRAME_AWAITED = new MethodRef(FRAME, "awaited",
      "()Ldev/spindle/Task;", false);
  public static final MethodRef FRAME_EXIT = new MethodRef(FRAME, "exit",
      "(Ldev/spindle/Task;Ldev/spindle/internal/frame/AsyncFrame;)Ldev/spindle/Task;", true);
  public static final MethodRef FRAME_FAILURE = new MethodRef(FRAME, "failure",
      "(Ljava/lang/Throwable;Ldev/spindle/internal/frame/AsyncFrame;)Ldev/spindle/Task;", true);
  /** The owner of the calls an await becomes in a refused method (see RefusedAwaitRewriter). */
  public static final String REFUSED_AWAIT = "dev/spindle/internal/frame/RefusedAwait";
  public static final MethodRef REFUSED_AWAIT_TASK = new MethodRef(REFUSED_AWAIT, "await",
      "(Ldev/spindle/Task;Ljava/lang/String;)Ljava/lang/Object;", true);
  public static final MethodRef REFUSED_AWAIT_STAGE = new MethodRef(REFUSED_AWAIT, "await",
      "(Ljava/util/concurrent/CompletionStage;Ljava/lang/String;)Ljava/lang/Object;", true);
  public static final MethodRef FRAME_UNKNOWN_STATE = new MethodRef(FRAME, "unknownState",
      "()Ljava/lang/IllegalStateException;", false);
  public static final FieldRef FRAME_STATE = new FieldRef(FRAME, "state", "I", false);
  public static final FieldRef FRAME_REFS = new FieldRef(FRAME, "refs", "[Ljava/lang/Object;",
      false);
  public static final FieldRef FRAME_PRIMS = new FieldRef(FRAME, "prims", "[J", false);

  public static final MethodRef RESUMER_RESUME = new MethodRef(RESUMER, "resume",
      "(Ldev/spindle/internal/frame/AsyncFrame;)V", false);
  /** The descriptor of the {@code invokedynamic} call site that links a method's resumer. */
  public static final String RESUMER_FACTORY_DESCRIPTOR = "()Ldev/spindle/internal/frame/Resumer;";

  // ---------------------------------------------------------------- JDK methods generated code calls

  public static final MethodRef LAMBDA_METAFACTORY = new MethodRef(
      "java/lang/invoke/LambdaMetafactory", "metafactory",
      "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
          + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
          + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;", true);
  public static final MethodRef FLOAT_TO_BITS = new MethodRef("java/lang/Float",
      "floatToRawIntBits", "(F)I", true);
  public static final MethodRef FLOAT_FROM_BITS = new MethodRef("java/lang/Float",
      "intBitsToFloat", "(I)F", true);
  public static final MethodRef DOUBLE_TO_BITS = new MethodRef("java/lang/Double",
      "doubleToRawLongBits", "(D)J", true);
  public static final MethodRef DOUBLE_FROM_BITS = new MethodRef("java/lang/Double",
      "longBitsToDouble", "(J)D", true);
  public static final String THROWABLE = "java/lang/Throwable";
  public static final String ILLEGAL_STATE = "java/lang/IllegalStateException";
  public static final MethodRef ILLEGAL_STATE_INIT = new MethodRef(
      ILLEGAL_STATE, "<init>", "(Ljava/lang/String;)V", false);

  // ---------------------------------------------------------------- synthetic names

  /**
   * The annotation put on every state machine with an await: {@code value} holds the line of
   * each await, in state order, for {@code EventLoop.dump()} (see the contract).
   */
  public static final String AWAIT_LINES_DESCRIPTOR = "Ldev/spindle/internal/frame/AwaitLines;";
  /** Its one element, {@code int[]}. */
  public static final String AWAIT_LINES_VALUE = "value";

  /** Suffix of the static bridge the resumer calls: {@code m$spindle$resume}. */
  public static final String RESUME_BRIDGE_SUFFIX = "$spindle$resume";
  /** Name of the frame parameter in the state machine's local-variable table. */
  public static final String FRAME_LOCAL_NAME = "$spindle$frame";
  /**
   * A class attribute, empty, that the rewriter adds to every class it writes: how the agent
   * knows a class woven at build time (or rewritten before) and leaves it alone. The JVM ignores
   * attributes it does not know (JVMS 4.7.1), and no compiler emits this one.
   */
  public static final String REWRITTEN_ATTRIBUTE = "dev.spindle.Rewritten";

  /** Whether {@code descriptor} returns {@code CompletableFuture} or {@code CompletionStage}. */
  public static boolean returnsFuture(String descriptor) {
    String returned = descriptor.substring(descriptor.lastIndexOf(')') + 1);
    return COMPLETABLE_FUTURE_DESCRIPTOR.equals(returned)
        || COMPLETION_STAGE_DESCRIPTOR.equals(returned);
  }

  /** Every runtime and JDK method above, for the test that checks each one exists. */
  public static List<MethodRef> methods() {
    return List.of(AWAIT_TASK, AWAIT_STAGE, YIELD_NOW, TASK_IS_DONE, AWAIT_RESULT, TASK_FROM,
        TASK_TO_FUTURE,
        FRAME_OF, FRAME_YIELDING, FRAME_SUSPEND, FRAME_SUSPEND_CLEARING,
        FRAME_AWAITED, FRAME_EXIT,
        FRAME_FAILURE, FRAME_UNKNOWN_STATE, REFUSED_AWAIT_TASK, REFUSED_AWAIT_STAGE,
        RESUMER_RESUME, LAMBDA_METAFACTORY, FLOAT_TO_BITS, FLOAT_FROM_BITS,
        DOUBLE_TO_BITS, DOUBLE_FROM_BITS, ILLEGAL_STATE_INIT);
  }

  /** Every field above, for the same test. */
  public static List<FieldRef> fields() {
    return List.of(FRAME_STATE, FRAME_REFS, FRAME_PRIMS);
  }
}
