package dev.spindle.internal.frame;

import dev.spindle.Task;
import dev.spindle.Waiter;
import dev.spindle.task.Handoff;
import dev.spindle.task.Scheduler;
import dev.spindle.task.Schedulers;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;

/**
 * The state machine of one suspended {@code @Async} call, and the task that call returned.
 *
 * <p>Only generated code uses this class; {@code docs/bytecode-contract.md} gives the exact
 * sequence. A call that never suspends never creates a frame. At its first suspension the
 * rewritten method creates one frame, sized for the most values it ever has to save, and reuses
 * it at every later suspension: one object per suspended call (plus its spill arrays when
 * anything is live).
 *
 * <p>Threading: the generated code touches the public fields only on the frame's loop thread (or,
 * for a frame created outside any loop, on the thread that runs it). The frame is resumed on its
 * loop whichever thread finishes the awaited task.
 */
public final class AsyncFrame<T> extends Task<T> implements Waiter, Runnable {
  /** The label to resume at: 1-based index of the suspension point. Written by generated code. */
  public int state;
  /** Saved references: locals and operand-stack values live across the current suspension. */
  public final Object[] refs;
  /** Saved primitives; {@code float} and {@code double} as raw bits, the rest widened. */
  public final long[] prims;

  private final Resumer resumer;
  /**
   * The loop the call suspended on, as the {@link Scheduler} it is, or {@code null} when it
   * suspended outside any loop.
   */
  private final Scheduler loop;
  /**
   * What the call waits for: the awaited task, or the task it returned (see {@link #returned}).
   * Written by the frame's own thread (suspend, awaited, complete). Of a frame on a loop, read
   * only on that loop: {@link #cancel()} from another thread posts its read to the loop, so it
   * needs no fence. Of a frame outside any loop, {@link #cancel()} reads it on any thread: both
   * sides then fence between their write and their read (see {@link #setAwaited}).
   */
  private Task<?> awaited;
  /**
   * True once the method has returned a task that was not yet finished. Written before that task
   * is watched, read in {@link #run()} after it finished (ordered by the task's completion).
   */
  private boolean returned;
  /** Any thread sets it ({@link #cancel()}); the frame's thread reads it at each suspension. */
  private volatile boolean cancelRequested;

  private AsyncFrame(Resumer resumer, int refCount, int primCount) {
    this.resumer = resumer;
    this.refs = refCount == 0 ? null : new Object[refCount];
    this.prims = primCount == 0 ? null : new long[primCount];
    this.loop = Schedulers.current();
  }

  /**
   * What {@link #yielding()} returns: stands for "the next loop turn" in an
   * {@code await(EventLoop.yieldNow())} that the agent compiled as one operation. Never done, never
   * seen by user code: it only travels from {@code yielding()} to {@link #suspend} on the operand
   * stack, and sits in {@link #awaited} while the frame waits.
   */
  private static final Task<Void> NEXT_TURN = new NextTurn();

  /** Generated code, at the first suspension of a call. */
  public static <T> AsyncFrame<T> create(Resumer resumer, int refCount, int primCount) {
    return new AsyncFrame<>(resumer, refCount, primCount);
  }

  /**
   * Generated code, at every suspension: the call's frame, created at its first suspension. One
   * call where the test for null would take a branch and a stack map frame in every method.
   */
  public static <T> AsyncFrame<T> of(AsyncFrame<T> frame, Resumer resumer, int refCount,
      int primCount) {
    return frame != null ? frame : new AsyncFrame<>(resumer, refCount, primCount);
  }

  /**
   * Generated code, after saving everything at suspension point {@code state}: waits for
   * {@code task} and returns this frame, which the method then returns as its task.
   */
  public Task<T> suspend(int state, Task<?> task) {
    this.state = state;
    if (SuspendedFrames.TRACKING) {
      SuspendedFrames.suspended(this);
    }
    if (task == NEXT_TURN) {
      if (loop == null) {
        return yieldOffItsLoop();
      }
      awaited = NEXT_TURN; // only to be cancelled: the cancel then does nothing, see awaited()
      loop.resumeAfterNextPoll(this); // in order with the tasks of yieldNow()
      return this;
    }
    setAwaited(task);
    if (cancelRequested) {
      task.cancel();
    }
    task.whenDone(this);
    return this;
  }

  /**
   * {@link #suspend} of {@code NEXT_TURN} by a frame with no loop of its own (it first suspended
   * outside any): waits for the next turn of the loop it now runs on, which {@link #yielding()}
   * found. Its own method, so that the common case stays small.
   */
  private Task<T> yieldOffItsLoop() {
    setAwaited(NEXT_TURN);
    Schedulers.current().resumeAfterNextPoll(this);
    return this;
  }

  /**
   * Generated code, the end of a state machine's shared save block: {@code frame.suspend(state,
   * task)}, in the order the block has them on its stack (three bytes fewer per method).
   */
  public static <T> Task<T> suspend(Task<?> task, int state, AsyncFrame<T> frame) {
    return frame.suspend(state, task);
  }

  /**
   * Generated code, for a method whose shared save block also saves references that are dead at
   * some of its awaits: suspends as {@link #suspend(int, Task)}, after clearing the {@link #refs}
   * entries dead at {@code state}, so a suspended call keeps no dead value alive.
   *
   * @param deadRefs the method's table: {@code chars} characters per state; bit {@code j % 16} of
   *     character {@code (state - 1) * chars + j / 16} set when {@code refs[j]} is dead there
   */
  public static <T> Task<T> suspend(Task<?> task, int state, AsyncFrame<T> frame,
      String deadRefs, int chars) {
    Object[] saved = frame.refs;
    for (int c = (state - 1) * chars, end = c + chars, base = 0; c < end; c++, base += 16) {
      for (int bits = deadRefs.charAt(c); bits != 0; bits &= bits - 1) {
        saved[base + Integer.numberOfTrailingZeros(bits)] = null;
      }
    }
    return frame.suspend(state, task);
  }

  /**
   * Generated code, in place of {@code EventLoop.yieldNow()} when its task goes straight into
   * {@code await}: the same check that a loop runs on this thread, but no task. The await then
   * suspends the frame itself until the loop's next turn, allocating nothing and with no atomic
   * operation (a yield's task could be shared with other threads, so finishing one costs three).
   */
  public static Task<Void> yielding() {
    if (Schedulers.current() == null) {
      throw yieldOffAnyLoop();
    }
    return NEXT_TURN;
  }

  /** What {@code EventLoop.yieldNow()} throws off any loop; out of line, as it is cold. */
  private static IllegalStateException yieldOffAnyLoop() {
    return new IllegalStateException("EventLoop.yieldNow() must be called on an event-loop"
        + " thread; this is " + Thread.currentThread().getName() + ": call it inside"
        + " EventLoop.run(...)");
  }

  /**
   * Generated code, on resumption: the finished task awaited at the current suspension point,
   * pushed where {@code await} left it so that the shared code after it reads its value (or
   * throws its failure inside the user's try blocks).
   */
  public Task<?> awaited() {
    Task<?> task = awaited;
    // No fence: a cancel() that still sees the finished task only cancels a task that has
    // finished, which does nothing.
    awaited = null;
    if (cancelRequested && !task.isFailed() && !(task instanceof Handoff)) {
      // A hand-off (a channel item, a permit) is the call's to keep: it sees the cancellation at
      // its next suspension instead, so that the item is not dropped here.
      return Task.failed(new CancellationException("task cancelled"));
    }
    return task == NEXT_TURN ? Task.completed() : task;
  }

  /**
   * Generated code, at a {@code return} after the call has suspended: finishes this frame with
   * the outcome of {@code result}, now or when it finishes, and returns this frame.
   */
  public Task<T> complete(Task<? extends T> result) {
    if (result == null) {
      completeFailure(new NullPointerException("an @Async method returned null instead of a"
          + " Task: return Task.completed(value) or Task.completed()"));
    } else if (result.isDone()) {
      completeFrom(result);
    } else {
      returned = true;
      setAwaited(result);
      if (SuspendedFrames.TRACKING) {
        SuspendedFrames.suspended(this);
      }
      result.whenDone(this);
    }
    return this;
  }

  /** Generated code, when a throwable escapes the body after the call has suspended. */
  public Task<T> fail(Throwable error) {
    completeFailure(error);
    return this;
  }

  /**
   * Generated code, the state machine's one exit: what a call returns for the task its body
   * returned. Before any suspension ({@code frame} null) that task itself ({@code null} becomes a
   * failed task); after one, the frame, finished with that task's outcome. One call instead of
   * the same dozen instructions in every state machine.
   */
  public static <T> Task<T> exit(Task<T> result, AsyncFrame<T> frame) {
    if (frame != null) {
      return frame.complete(result);
    }
    return result != null ? result : nullReturned();
  }

  /**
   * Generated code, the state machine's catch-all: a throwable escaping the body fails the
   * call's task (a new failed task before any suspension, else the frame). The throwable's
   * trace is first cut below the method's frame ({@link AsyncStackTrace}).
   */
  public static <T> Task<T> failure(Throwable error, AsyncFrame<T> frame) {
    AsyncStackTrace.leftMethod(error);
    return frame == null ? Task.failed(error) : frame.fail(error);
  }

  /**
   * Generated code, when a state machine is resumed in a state it has no resumption for: only a
   * frame handed to another method (through reflection) can be. The method throws what this
   * returns, and its stack trace names the method.
   */
  public IllegalStateException unknownState() {
    return new IllegalStateException("a Spindle frame was resumed in state " + state + ", which"
        + " the method resuming it never set: the frame was made by another method");
  }

  /** Generated code, at a {@code return null} before any suspension. */
  public static <T> Task<T> nullReturned() {
    return Task.failed(new NullPointerException("an @Async method returned null instead of a"
        + " Task: return Task.completed(value) or Task.completed()"));
  }

  /**
   * The awaited (or returned) task finished, on any thread: queue the frame on its loop. Never
   * runs the method here, so a chain of completions never nests on the stack.
   */
  @Override
  public void taskDone(Task<?> task) {
    if (loop != null) {
      loop.execute(this);
    } else {
      Unconfined.schedule(this);
    }
  }

  /** Resumes the method; called by the loop (or the unconfined trampoline), never by users. */
  @Override
  public void run() {
    if (returned || SuspendedFrames.TRACKING) {
      runReturnedOrTracked(); // out of line: keeps this method within C1's inlining limit
    } else {
      resumer.resume(this);
    }
  }

  private void runReturnedOrTracked() {
    if (SuspendedFrames.TRACKING) {
      SuspendedFrames.resumed(this);
    }
    if (returned) {
      // The method already returned an unfinished task, which has now finished: take its
      // outcome. Done here rather than in taskDone so that completing this frame, which tells
      // the frames awaiting it, happens one level deep on the loop, not nested per link.
      completeFrom(awaited);
      awaited = null;
    } else {
      resumer.resume(this);
    }
  }

  /**
   * Cancels the suspended call: what it awaits is cancelled, and the {@code await} throws
   * {@link CancellationException}, so the method's {@code finally} blocks run; the frame then
   * fails with that exception (unless the method catches it). A call that is running right now
   * sees the cancellation at its next suspension. From a thread other than the frame's loop, the
   * awaited task is cancelled on the loop's next turn (posted through its inbox), as socket
   * operations clean up; this returns at once.
   */
  @Override
  public boolean cancel() {
    if (isDone()) {
      return false;
    }
    cancelRequested = true;
    if (loop == null || loop.inThread()) {
      cancelAwaited();
    } else {
      CancelOnLoop.post(loop, this);
    }
    return true;
  }

  /** Cancels what the call waits for; the frame's loop thread (or any, outside a loop). */
  void cancelAwaited() {
    if (loop == null) {
      VarHandle.fullFence(); // between cancelRequested's write and this read: see setAwaited
    }
    Task<?> task = awaited;
    if (task != null) {
      task.cancel(); // if it finishes anyway, awaited() substitutes the cancellation
    }
  }

  /**
   * On a loop, a plain store: only the loop reads it (see {@link #awaited}). Outside any loop, a
   * store and a full fence before {@link #cancelRequested} is read, as {@link #cancelAwaited}
   * fences between writing that flag and reading this field: so either a cancel on another
   * thread sees the new task, or this frame sees the cancel (Dekker's pattern).
   */
  private void setAwaited(Task<?> task) {
    awaited = task;
    if (loop == null) {
      VarHandle.fullFence();
    }
  }

  // ---------------------------------------------------------------- for EventLoop.dump()

  Resumer resumer() {
    return resumer;
  }

  Scheduler loop() {
    return loop;
  }

  /** What the call waits for; a racy read from a thread other than the frame's. */
  Task<?> awaitedTask() {
    return awaited;
  }

  boolean hasReturned() {
    return returned;
  }

  static boolean isNextTurn(Task<?> task) {
    return task == NEXT_TURN;
  }

  /** The type of {@link #NEXT_TURN}: pending for ever, and cancelling it does nothing. */
  private static final class NextTurn extends Task<Void> {
    @Override
    public boolean cancel() {
      return false;
    }
  }
}
