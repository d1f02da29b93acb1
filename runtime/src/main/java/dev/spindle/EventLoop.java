package dev.spindle;

import dev.spindle.internal.frame.SuspendedFrames;
import dev.spindle.loop.BlockedLoopWatchdog;
import dev.spindle.loop.LoopActivity;
import dev.spindle.loop.LoopAccess;
import dev.spindle.loop.MpscQueue;
import dev.spindle.loop.Reactor;
import dev.spindle.task.Scheduler;
import dev.spindle.task.Schedulers;
import dev.spindle.timer.Timer;
import dev.spindle.timer.Timers;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One thread that runs tasks, timers and socket readiness, like a Netty {@code EventLoop} or a
 * single-threaded tokio runtime: {@code @Async} code on it never needs a lock.
 *
 * <p>Compared with an {@link java.util.concurrent.ExecutorService} of one thread, the loop also
 * owns a {@link java.nio.channels.Selector}, so waiting for a socket costs no thread, and
 * timers, so waiting for time costs none either. Other threads hand it work through
 * {@link #execute(Runnable)}; see {@code docs/threading.md} for who may touch what.
 *
 * <p>One turn of the loop: poll the selector (without waiting if work is queued, else until the
 * nearest timer), dispatch ready channels, take what other threads posted, fire due timers,
 * finish the tasks of {@link #yieldNow()}, then run queued work (at most {@value #RUN_BUDGET}
 * items, so that a long chain of resumptions cannot starve the sockets).
 */
public final class EventLoop implements Executor {
  static {
    // Spindle's own packages reach the loop's internals through these, not through public
    // methods here (the JDK's SharedSecrets pattern); see LoopAccess and Schedulers.
    LoopAccess.install(new Internals());
    Schedulers.installReporter((task, failure) -> reportUncaught((Task<?>) task, failure));
  }

  /** Queued items run per turn before the loop polls I/O again. */
  static final int RUN_BUDGET = 4096;
  private static final System.Logger LOGGER = System.getLogger("dev.spindle");
  /** Any thread; used by loops built without their own handler and outside any loop. */
  private static volatile UncaughtFailureHandler defaultHandler;

  private final Thread thread;
  private final Clock clock;
  /** Set when the loop is built with a {@link ManualClock}: time moves only when told. */
  private final boolean manualClock;
  /** Never changes; {@code null} means {@link #defaultHandler}. */
  private final UncaughtFailureHandler failureHandler;
  /** {@link #spawn}'s waiter, made once: a spawned task (a connection, say) costs no lambda. */
  private final Waiter reportIfFailed = done -> reportIfFailed(this, done);
  /** Loop thread only, except {@link Reactor#wakeup()}. */
  private final Reactor reactor;
  /** Loop thread only. */
  private final Timers timers = new Timers();
  /** Loop thread only: work to run this turn or the next. */
  private final ArrayDeque<Runnable> runQueue = new ArrayDeque<>(1024);
  /**
   * Loop thread only: what waits for the next turn, after its I/O poll: tasks of
   * {@link #yieldNow()} to finish, and frames of {@link #resumeAfterNextPoll} to run.
   */
  private final ArrayDeque<Runnable> yielded = new ArrayDeque<>();
  /** Any thread offers; the loop thread polls. The only way in from another thread. */
  private final MpscQueue<Runnable> inbox = new MpscQueue<>();
  /**
   * Any thread: set by the first poster since the loop last looked, so that a burst of posts
   * costs one {@code selector.wakeup()}; cleared by the loop thread before it drains the inbox.
   */
  private final AtomicBoolean wakeupPending = new AtomicBoolean();
  private final Runnable wakeUp = this::wakeUp;
  /** The loop as tasks and frames see it (registered with {@link Schedulers} while it runs). */
  private final LoopScheduler scheduler;
  /** Loop thread only: {@link #clock} as {@link #turnNanos()} first read it this turn. */
  private long turnNanos;
  /** Loop thread only: whether {@link #turnNanos} was read since this turn's poll. */
  private boolean turnNanosRead;
  /** Written once by the loop thread when {@link #run} ends; read by posters. */
  private volatile boolean stopped;
  /** Loop thread only: failures of this turn that nobody waited for yet (UnobservedFailures). */
  final UnobservedFailures.Pending unobserved = new UnobservedFailures.Pending(this);
  /** Loop thread writes (once a turn, twice around a poll), the blocked-loop watchdog reads. */
  private final LoopActivity activity = new LoopActivity();
  /** Never changes; zero: not watched. */
  private final Duration blockedThreshold;
  /** Loop thread only: the values of {@link LoopLocal}s on this loop, by their index. */
  private Object[] locals = new Object[0];

  private EventLoop(Thread thread, Clock clock, UncaughtFailureHandler failureHandler,
      Duration blockedThreshold) {
    this.thread = thread;
    this.clock = clock;
    this.manualClock = clock instanceof ManualClock;
    this.failureHandler = failureHandler;
    this.blockedThreshold = blockedThreshold;
    this.scheduler = new LoopScheduler(this);
    this.reactor = new Reactor((source, error) -> report(null, error));
  }

  // ---------------------------------------------------------------- running

  /**
   * Runs a loop on the calling thread until {@code main}'s task finishes, then returns its value
   * or throws its failure (unwrapped). {@code main} is called on the loop thread. Work still
   * queued when the task finishes is dropped with the loop; sockets are not closed for you.
   */
  public static <T> T run(Supplier<? extends Task<T>> main) {
    return builder().run(main);
  }

  /** Options for a loop: {@code EventLoop.builder().clock(manualClock).run(main)}. */
  public static Builder builder() {
    return new Builder();
  }

  private <T> T runMain(Supplier<? extends Task<T>> main) {
    Schedulers.enter(scheduler);
    if (manualClock) {
      ((ManualClock) clock).addListener(wakeUp);
    }
    BlockedLoopWatchdog.Watch watch = BlockedLoopWatchdog.watch(this, thread, activity,
        blockedThreshold);
    try {
      Task<T> task = main.get();
      if (task == null) {
        throw new NullPointerException("EventLoop.run(main): main returned null instead of a"
            + " Task; return Task.completed(value) or the task of an @Async method");
      }
      task.whenDone(done -> wakeUp()); // finished from another thread: stop waiting at once
      while (!task.isDone()) {
        turn();
      }
      return task.resultNow();
    } finally {
      unobserved.flush();
      stopped = true;
      Schedulers.exit(scheduler);
      if (manualClock) {
        ((ManualClock) clock).removeListener(wakeUp);
      }
      reactor.close();
      if (watch != null) {
        watch.close();
      }
      SuspendedFrames.loopStopped(scheduler);
    }
  }

  private void turn() {
    long timeoutMillis = selectTimeoutMillis();
    if (timeoutMillis >= 0 || reactor.hasChannels()) {
      activity.polling(); // waiting in the poll is not being blocked
      reactor.select(timeoutMillis);
    } // else a poll without waiting of a selector without channels: it could report nothing
    activity.running(); // one store a turn (two around a poll) tells the watchdog it moves
    turnNanosRead = false;

    if (wakeupPending.get()) {
      wakeupPending.set(false); // before draining: a post after this point wakes us again
    }
    for (Runnable work; (work = inbox.poll()) != null; ) {
      runQueue.addLast(work);
    }
    fireDueTimers();
    if (yielded.size() == 1 && runQueue.isEmpty() && !(yielded.peekFirst() instanceof YieldTask)) {
      // One frame waited for this turn and nothing else is queued: queueing it would only put it
      // first in line, so run it now (the common case of one task that keeps yielding).
      runOne(yielded.pollFirst());
    } else {
      for (int n = yielded.size(); n > 0; n--) {
        Runnable next = yielded.pollFirst();
        if (next instanceof YieldTask) {
          ((YieldTask) next).finish(); // queues its waiters, in the order they came
        } else {
          runQueue.addLast(next);
        }
      }
    }
    runQueuedWork();
    if (!unobserved.isEmpty()) {
      unobserved.flush(); // what this turn failed and nobody observed is watched from now on
    }
  }

  /** -1: poll without waiting; 0: wait until woken; otherwise at most that many milliseconds. */
  private long selectTimeoutMillis() {
    if (!runQueue.isEmpty() || !inbox.isEmpty() || !yielded.isEmpty()) {
      return -1;
    }
    if (timers.isEmpty()) {
      return 0;
    }
    long waitNanos = timers.nearestDeadline() - clock.nanoTime();
    if (waitNanos <= 0) {
      return -1;
    }
    if (manualClock) {
      return 0; // ManualClock.advance() wakes us
    }
    long millis = waitNanos / 1_000_000;
    return waitNanos % 1_000_000 == 0 ? millis : millis + 1; // never wake before the deadline
  }

  private void fireDueTimers() {
    if (timers.isEmpty()) {
      return;
    }
    long now = turnNanos();
    long addedBefore = timers.nextSequence(); // timers added while firing wait for a later turn
    for (Timer timer; (timer = timers.pollDue(now, addedBefore)) != null; ) {
      try {
        timer.run();
      } catch (Throwable error) {
        report(null, error);
      }
    }
  }

  private void runQueuedWork() {
    for (int budget = RUN_BUDGET; budget > 0; budget--) {
      Runnable work = runQueue.pollFirst();
      if (work == null) {
        return;
      }
      runOne(work);
    }
  }

  private void runOne(Runnable work) {
    try {
      work.run();
    } catch (Throwable error) {
      report(null, error); // user code never kills the loop thread
    }
  }

  // ---------------------------------------------------------------- the way in

  /** The loop running on this thread. */
  public static EventLoop current() {
    EventLoop loop = currentOrNull();
    if (loop == null) {
      throw new IllegalStateException("EventLoop.current() must be called on an event-loop"
          + " thread; this is " + Thread.currentThread().getName() + ": start one with"
          + " EventLoop.run(...)");
    }
    return loop;
  }

  /** The loop running on this thread, or {@code null}. */
  public static EventLoop currentOrNull() {
    Scheduler scheduler = Schedulers.current();
    return scheduler instanceof LoopScheduler ? ((LoopScheduler) scheduler).loop() : null;
  }

  /** Whether the calling thread is this loop's thread and the loop is still running. */
  public boolean inLoop() {
    return Thread.currentThread() == thread && !stopped;
  }

  /**
   * Runs {@code work} on the loop thread, after what is already queued. Any thread: from another
   * thread the work goes through the inbox and wakes the loop.
   *
   * @throws RejectedExecutionException if the loop has stopped
   */
  @Override
  public void execute(Runnable work) {
    if (stopped) {
      throw new RejectedExecutionException("EventLoop.execute() must be called on a running"
          + " loop: the loop of thread " + thread.getName() + " has stopped, so " + work
          + " would never run; keep EventLoop.run(...) going until its work is done");
    }
    if (Thread.currentThread() == thread) {
      runQueue.addLast(work);
    } else {
      inbox.offer(work);
      wakeUp();
    }
  }

  /** Wakes the loop if it waits in its selector; coalesced. Any thread. */
  private void wakeUp() {
    if (!wakeupPending.get() && wakeupPending.compareAndSet(false, true)) {
      reactor.wakeup();
    }
  }

  // ---------------------------------------------------------------- time

  /**
   * Runs {@code action} on the loop thread once {@code delay} has passed on the loop's clock, like
   * {@link java.util.concurrent.ScheduledExecutorService#schedule(Runnable, long,
   * java.util.concurrent.TimeUnit)}. Any thread (off the loop, the timer is added through the
   * inbox). A negative delay counts as zero.
   */
  public TimerHandle runAfter(Duration delay, Runnable action) {
    if (delay == null || action == null) {
      throw new NullPointerException("EventLoop.runAfter(delay, action) must be given both: "
          + delay + ", " + action);
    }
    LoopTimer timer = new LoopTimer(deadlineAfter(delay), action, timers, this, thread);
    if (inLoop()) {
      timers.add(timer);
    } else {
      execute(() -> timers.add(timer));
    }
    return timer;
  }

  /**
   * The loop's clock as read once per turn, after the turn's poll: what happens in one turn
   * shares one reading, as in tokio, instead of a system clock read each (a read timeout per
   * request would otherwise read it once per request). Behind the real time by at most the work
   * done so far in this turn; with a {@link ManualClock}, the clock itself. Loop thread only.
   */
  private long turnNanos() {
    if (manualClock) {
      return clock.nanoTime();
    }
    if (!turnNanosRead) {
      turnNanos = clock.nanoTime();
      turnNanosRead = true;
    }
    return turnNanos;
  }

  private long deadlineAfter(Duration delay) {
    long nanos;
    try {
      nanos = Math.max(0, delay.toNanos());
    } catch (ArithmeticException beyondLong) {
      nanos = delay.isNegative() ? 0 : Long.MAX_VALUE;
    }
    long now = clock.nanoTime();
    long deadline = now + nanos;
    return deadline < now ? Long.MAX_VALUE : deadline; // saturate: "never" stays never
  }

  /** A task that finishes after {@code delay}, like {@link Thread#sleep} without a thread. */
  public static Task<Void> sleep(Duration delay) {
    return SleepTask.start(required("EventLoop.sleep()"), delay);
  }

  /**
   * A task that finishes on the loop's next turn, after an I/O poll: awaiting it lets sockets
   * and other work run, like {@link Thread#yield()} or tokio's {@code yield_now}. (A loop with
   * no channel registered has nothing to poll and skips the poll, so there a yield costs no
   * system call; with channels, each turn polls them once, however many tasks yield.)
   */
  public static Task<Void> yieldNow() {
    EventLoop loop = required("EventLoop.yieldNow()");
    YieldTask task = new YieldTask();
    loop.yielded.addLast(task);
    return task;
  }

  /** {@link LoopLocal#get()}: this loop's value at {@code index}, made on first use. */
  Object local(int index, Supplier<?> initial) {
    Object[] values = locals;
    if (index >= values.length) {
      values = locals = java.util.Arrays.copyOf(values, Math.max(index + 1, values.length * 2));
    }
    Object value = values[index];
    if (value == null) {
      value = initial.get();
      if (value == null) {
        throw new NullPointerException("LoopLocal.withInitial(initial): initial returned null on "
            + this + "; a loop-local value must not be null (" + initial + ")");
      }
      values[index] = value;
    }
    return value;
  }

  // ---------------------------------------------------------------- failures

  /**
   * Runs {@code task} detached: nobody awaits it, so if it fails (other than by cancellation)
   * the failure goes to the loop's {@link UncaughtFailureHandler} instead of vanishing, like an
   * uncaught exception of a {@link Thread}. Returns {@code task}.
   */
  public static <T> Task<T> spawn(Task<T> task) {
    EventLoop loop = currentOrNull();
    task.whenDone(loop != null ? loop.reportIfFailed : REPORT_IF_FAILED_OFF_LOOP);
    return task;
  }

  /** {@link #spawn}'s waiter off any loop; one loop's is {@link #reportIfFailed}. */
  private static final Waiter REPORT_IF_FAILED_OFF_LOOP = done -> reportIfFailed(null, done);

  private static void reportIfFailed(EventLoop loop, Task<?> done) {
    Throwable failure = done.failureNow();
    if (failure != null && !done.isCancelled()) {
      report(loop, done, failure);
    }
  }

  /**
   * Replaces the handler of loops built without their own and of failures outside any loop;
   * {@code null} restores the default (log at {@code ERROR} through {@link System.Logger}).
   */
  public static void setUncaughtFailureHandler(UncaughtFailureHandler handler) {
    defaultHandler = handler;
  }

  /** Reports a failure that surfaced on the calling thread; see {@link UncaughtFailureHandler}. */
  static void reportUncaught(Task<?> task, Throwable failure) {
    report(currentOrNull(), task, failure);
  }

  private void report(Task<?> task, Throwable failure) {
    report(this, task, failure);
  }

  private static void report(EventLoop loop, Task<?> task, Throwable failure) {
    report(loop != null ? loop.failureHandler : null, task, failure);
  }

  /** The handler a loop was built with; {@code null} when it uses the default one. */
  static UncaughtFailureHandler ownHandler(EventLoop loop) {
    return loop != null ? loop.failureHandler : null;
  }

  /** Tells {@code own} (a loop's handler), or the default one if null; any thread. */
  static void report(UncaughtFailureHandler own, Task<?> task, Throwable failure) {
    UncaughtFailureHandler handler = own != null ? own : defaultHandler;
    if (handler != null) {
      try {
        handler.uncaughtFailure(task, failure);
        return;
      } catch (Throwable broken) {
        failure.addSuppressed(broken);
      }
    }
    LOGGER.log(System.Logger.Level.ERROR, task == null
        ? "uncaught exception on an event loop"
        : "a task failed and nobody handled it: " + task, failure);
  }

  // ---------------------------------------------------------------- internals for Spindle

  /**
   * How much work waits on the loop: queued runnables and resumptions, what waits for the next
   * turn ({@link #yieldNow()}), and posts from other threads not yet taken from the inbox (counted
   * by walking it). Loop thread only.
   */
  private int queuedWork() {
    return runQueue.size() + yielded.size() + inbox.size();
  }

  /**
   * A text listing every task suspended on this loop, with its await chain: for each
   * {@code @Async} call, innermost first, the line of the {@code await} it is suspended at (as
   * {@code at Class.method(File.java:line)}), and what the innermost one awaits (a socket
   * operation with its addresses, a timer with the time left, a {@link Promise}...), as Kotlin's
   * {@code DebugProbes.dumpCoroutines()} or a thread dump lists threads. A task that another
   * suspended call awaits appears in that call's chain, not on its own.
   *
   * <p>Suspended calls are tracked only when the JVM runs with {@code -Dspindle.debug=true}
   * (read once; tracking then costs a set insertion and removal per suspension); without it the
   * text says so and lists nothing. Any thread: from another thread the dump is a snapshot taken
   * while the loop runs on, so a call that resumes meanwhile may show as it was.
   */
  public String dump() {
    return SuspendedFrames.dump(this, scheduler, clock.nanoTime()); // the loop's clock: timers' time left
  }

  private static EventLoop required(String operation) {
    EventLoop loop = currentOrNull();
    if (loop == null) {
      throw new IllegalStateException(operation + " must be called on an event-loop thread;"
          + " this is " + Thread.currentThread().getName() + ": call it inside"
          + " EventLoop.run(...)");
    }
    return loop;
  }

  @Override
  public String toString() {
    return "EventLoop[" + thread.getName() + (stopped ? ", stopped]" : "]");
  }

  /**
   * The loop as {@code Task} and {@code AsyncFrame} see it: they know this interface, never the
   * loop, and the loop's public face gains nothing from it.
   */
  private static final class LoopScheduler extends Scheduler {
    private final EventLoop loop;
    /** The loop's {@link #yielded}, held here: one load fewer on every task-free yield. */
    private final ArrayDeque<Runnable> yielded;

    LoopScheduler(EventLoop loop) {
      super(loop.thread);
      this.loop = loop;
      this.yielded = loop.yielded;
    }

    EventLoop loop() {
      return loop;
    }

    @Override
    public void execute(Runnable work) {
      loop.execute(work);
    }

    /**
     * Runs {@code frame} on the loop's next turn, after its I/O poll, where a waiter of a
     * {@link #yieldNow()} task made now would run: {@code AsyncFrame}'s
     * {@code await(EventLoop.yieldNow())} without a task.
     */
    @Override
    public void resumeAfterNextPoll(Runnable frame) {
      yielded.addLast(frame);
    }

    @Override
    public boolean inThread() {
      return loop.inLoop();
    }

    @Override
    public String toString() {
      return loop.toString();
    }
  }

  /** What {@link LoopAccess} lends Spindle's own packages; {@code loop} is an event loop. */
  private static final class Internals implements LoopAccess.Internals {
    @Override
    public Reactor reactor(Executor loop) {
      return ((EventLoop) loop).reactor;
    }

    @Override
    public Timers timers(Executor loop) {
      return ((EventLoop) loop).timers;
    }

    @Override
    public long turnNanos(Executor loop) {
      return ((EventLoop) loop).turnNanos();
    }

    @Override
    public long nanoTime(Executor loop) {
      return ((EventLoop) loop).clock.nanoTime();
    }

    @Override
    public int queuedWork(Executor loop) {
      return ((EventLoop) loop).queuedWork();
    }
  }

  /** The task of {@link #yieldNow()}. */
  private static final class YieldTask extends Task<Void> implements Runnable {
    /** Queued in {@link #yielded} beside frames; {@link #turn} finishes it instead of running. */
    @Override
    public void run() {
      finish();
    }

    void finish() {
      completeValue(null);
    }
  }

  /** Options for {@link EventLoop#run}. Not thread-safe; build and run on one thread. */
  public static final class Builder {
    private Clock clock = Clock.system();
    private UncaughtFailureHandler failureHandler;
    /** {@code null}: {@link BlockedLoopWatchdog#defaultThreshold()}. */
    private Duration blockedThreshold;

    private Builder() {}

    /** The clock of the loop's timers; a {@link ManualClock} makes timer tests exact. */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new NullPointerException("EventLoop.Builder.clock(clock) must be given a clock:"
            + " null; use Clock.system() for real time");
      }
      this.clock = clock;
      return this;
    }

    /** Where this loop reports failures nobody handles (see {@link UncaughtFailureHandler}). */
    public Builder uncaughtFailureHandler(UncaughtFailureHandler handler) {
      this.failureHandler = handler;
      return this;
    }

    /**
     * How long one task (or one turn of work) may hold the loop thread before the loop reports
     * itself blocked: once per episode, at {@code WARNING} through {@link System.Logger}
     * {@code dev.spindle.EventLoop}, with the loop thread's stack, and as the JFR event
     * {@code dev.spindle.BlockedLoop}. Waiting for I/O or timers is never reported. Zero turns
     * the check off. By default {@code -Dspindle.blockedThreshold=<ms>}, else 100 ms.
     */
    public Builder blockedThreshold(Duration threshold) {
      if (threshold == null || threshold.isNegative()) {
        throw new IllegalArgumentException("EventLoop.Builder.blockedThreshold(threshold) must be"
            + " given zero (off) or a positive duration: " + threshold
            + "; for example Duration.ofMillis(100)");
      }
      this.blockedThreshold = threshold;
      return this;
    }

    /** Runs a loop with these options on the calling thread; see {@link EventLoop#run}. */
    public <T> T run(Supplier<? extends Task<T>> main) {
      if (currentOrNull() != null) {
        throw new IllegalStateException("EventLoop.run() must not be nested: this thread ("
            + Thread.currentThread().getName() + ") already runs a loop; await the task"
            + " instead");
      }
      Duration threshold = blockedThreshold != null ? blockedThreshold
          : BlockedLoopWatchdog.defaultThreshold();
      return new EventLoop(Thread.currentThread(), clock, failureHandler, threshold)
          .runMain(main);
    }
  }
}
