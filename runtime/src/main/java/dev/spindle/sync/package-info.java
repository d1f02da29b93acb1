/**
 * Coordination between tasks, on one loop or across loops and threads, as Kotlin's
 * {@code kotlinx.coroutines.sync} and {@code channels} or tokio's {@code sync}:
 * {@link dev.spindle.sync.Channel} (a FIFO queue whose send and receive suspend, with
 * {@link dev.spindle.sync.Channel#select select} over several channels and a time-out),
 * {@link dev.spindle.sync.AsyncSemaphore} and {@link dev.spindle.sync.AsyncMutex}.
 *
 * <p>Common rules: any thread may call any method; waiters are served first come, first served;
 * each type guards its state with one private lock that is never held while a task is completed
 * (so no user code runs under it); and cancellation is exact: a waiting task whose
 * {@code cancel()} returns true took nothing and left nothing, while one whose hand-off was
 * already decided refuses the cancel and keeps what it was given (see {@code docs/threading.md}).
 */
package dev.spindle.sync;
