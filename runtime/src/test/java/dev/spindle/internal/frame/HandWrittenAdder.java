package dev.spindle.internal.frame;

import dev.spindle.Task;
import java.util.List;

/**
 * What the agent generates, written by hand: the reference for {@code docs/bytecode-contract.md}.
 * Each method's javadoc shows the source a user writes; its body is the rewritten method, step
 * by step, in the only way Java source can say it.
 *
 * <p>Two places where Java source must differ from the bytecode, and how:
 * <ul>
 *   <li>Bytecode jumps from the prologue's {@code tableswitch} straight to {@code RESUME_k}, in
 *       the middle of the body; here an {@code if} chain on {@code resumeAt} skips what already
 *       ran.
 *   <li>Bytecode places {@code SUSPEND_k} after the body, outside every try range, so a
 *       suspension never runs a {@code finally}. Java source cannot leave a {@code try} without
 *       running its {@code finally}, so the user's {@code try/finally} is written here as javac
 *       compiles it: a copy of the finally body at the normal exit and a catch-all handler that
 *       runs it and rethrows. The {@code return} of a suspension passes neither.
 * </ul>
 */
final class HandWrittenAdder {
  /** The Resumer: what {@code invokedynamic resume()} links; non-capturing, so one instance. */
  private static final Resumer ADD_RESUMER = HandWrittenAdder::add$spindle$resume;
  private static final Resumer DESCRIBE_RESUMER = HandWrittenAdder::describe$spindle$resume;

  final List<String> log;

  HandWrittenAdder(List<String> log) {
    this.log = log;
  }

  /**
   * The source:
   *
   * <pre>{@code
   * @Async
   * Task<Integer> add(Task<Integer> first, Task<Integer> second) {
   *   String label = "sum";
   *   long scale = 2;
   *   try {
   *     int a = await(first);
   *     int b = await(second);
   *     log.add(label + "=" + (a + b) * scale + " on " + Thread.currentThread().getName());
   *     return Task.completed((int) ((a + b) * scale));
   *   } finally {
   *     log.add("finally");
   *   }
   * }
   * }</pre>
   *
   * The forwarder: the original signature, body replaced by a call with a null frame.
   */
  Task<Integer> add(Task<Integer> first, Task<Integer> second) {
    return add(first, second, null);
  }

  /**
   * The state machine: same name, the frame appended to the parameters. Frame slots: refs[0] =
   * this (always, for the bridge), refs[1] = label, refs[2] = the parameter {@code second} (live
   * across the first await only; parameters are locals like any other); prims[0] = scale,
   * prims[1] = a (i2l). The counts given to {@code create} are the maxima: 3 refs, 2 prims.
   */
  @SuppressWarnings("unchecked")
  private Task<Integer> add(Task<Integer> first, Task<Integer> second, AsyncFrame<Integer> frame) {
    try {
      // Prologue: a null frame is a fresh call; otherwise frame.state says where to resume.
      int resumeAt = frame == null ? 0 : frame.state;
      String label;
      long scale;
      int a = 0;
      if (resumeAt == 0) {
        label = "sum";
        scale = 2;
      } else { // RESUME_1 and RESUME_2: restore the live locals, with their exact types
        label = (String) frame.refs[1];
        scale = frame.prims[0];
        if (resumeAt == 1) {
          second = (Task<Integer>) frame.refs[2];
        } else {
          a = (int) frame.prims[1];
        }
      }
      Task<?> awaited;
      int result;
      try {
        if (resumeAt < 2) {
          if (resumeAt == 0) {
            awaited = first; // await(first): dup; isDone(); ifeq SUSPEND_1
            if (!awaited.isDone()) {
              // SUSPEND_1: create the frame once, spill what is live, register, return it.
              if (frame == null) {
                frame = AsyncFrame.create(ADD_RESUMER, 3, 2);
              }
              frame.refs[0] = this;
              frame.refs[1] = label;
              frame.refs[2] = second;
              frame.prims[0] = scale;
              return frame.suspend(1, awaited);
            }
          } else {
            awaited = frame.awaited(); // RESUME_1 ends by pushing the finished task
          }
          a = (Integer) AsyncStackTrace.resultNow(awaited); // JOIN_1: inside the user's try
          awaited = second; // await(second)
          if (!awaited.isDone()) {
            // SUSPEND_2
            if (frame == null) {
              frame = AsyncFrame.create(ADD_RESUMER, 3, 2);
            }
            frame.refs[0] = this;
            frame.refs[1] = label;
            frame.prims[0] = scale;
            frame.prims[1] = a;
            return frame.suspend(2, awaited);
          }
        } else {
          awaited = frame.awaited(); // RESUME_2
        }
        int b = (Integer) AsyncStackTrace.resultNow(awaited); // JOIN_2
        result = (int) ((a + b) * scale);
        log.add(label + "=" + result + " on " + Thread.currentThread().getName());
      } catch (Throwable thrown) { // the finally, as javac compiles it: the catch-all copy
        log.add("finally");
        throw thrown;
      }
      log.add("finally"); // the finally's copy at the normal exit
      Task<Integer> value = Task.completed(result);
      return frame == null ? value : frame.complete(value); // each ARETURN
    } catch (Throwable escaped) { // catch-all over the whole body, last in the exception table
      return AsyncFrame.failure(escaped, frame);
    }
  }

  /** The bridge: receiver from refs[0], default values for the parameters, then the frame. */
  @SuppressWarnings("unchecked")
  private static void add$spindle$resume(AsyncFrame<?> frame) {
    ((HandWrittenAdder) frame.refs[0]).add(null, null, (AsyncFrame<Integer>) frame);
  }

  /**
   * The source: a failure of the awaited task reaches the user's catch as the very object.
   *
   * <pre>{@code
   * @Async
   * static Task<String> describe(Task<Integer> task) {
   *   try {
   *     return Task.completed("value " + await(task));
   *   } catch (IllegalArgumentException e) {
   *     return Task.completed("caught " + e.getMessage());
   *   }
   * }
   * }</pre>
   */
  static Task<String> describe(Task<Integer> task) {
    return describe(task, null);
  }

  /** No slot is live across the await: the frame has no spill arrays ({@code create(r, 0, 0)}). */
  private static Task<String> describe(Task<Integer> task, AsyncFrame<String> frame) {
    try {
      int resumeAt = frame == null ? 0 : frame.state;
      Task<?> awaited;
      Task<String> value;
      try {
        if (resumeAt == 0) {
          awaited = task;
          if (!awaited.isDone()) {
            if (frame == null) {
              frame = AsyncFrame.create(DESCRIBE_RESUMER, 0, 0);
            }
            return frame.suspend(1, awaited);
          }
        } else {
          awaited = frame.awaited();
        }
        value = Task.completed("value " + (Integer) AsyncStackTrace.resultNow(awaited));
      } catch (IllegalArgumentException e) {
        value = Task.completed("caught " + e.getMessage());
      }
      return frame == null ? value : frame.complete(value);
    } catch (Throwable escaped) {
      return AsyncFrame.failure(escaped, frame);
    }
  }

  @SuppressWarnings("unchecked")
  private static void describe$spindle$resume(AsyncFrame<?> frame) {
    describe(null, (AsyncFrame<String>) frame);
  }
}
