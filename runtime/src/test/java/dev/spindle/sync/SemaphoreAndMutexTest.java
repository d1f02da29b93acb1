package dev.spindle.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** AsyncSemaphore and AsyncMutex: first come first served, and no permit leaks on cancel. */
class SemaphoreAndMutexTest {
  @Test
  void waitersGetPermitsInTheOrderTheyCame() {
    AsyncSemaphore permits = new AsyncSemaphore(1);
    assertTrue(permits.acquire().isDone());
    List<String> order = new ArrayList<>();
    for (String name : List.of("first", "second", "third")) {
      permits.acquire().whenDone(done -> order.add(name));
    }
    assertFalse(permits.tryAcquire(), "a newcomer never jumps ahead of waiting tasks");
    permits.release();
    permits.release();
    assertEquals(List.of("first", "second"), order);
    permits.release();
    assertEquals(List.of("first", "second", "third"), order);
    permits.release();
    assertEquals(1, permits.availablePermits());
  }

  @Test
  void aCancelledWaiterTakesNoPermit() {
    AsyncSemaphore permits = new AsyncSemaphore(0);
    Task<Void> cancelled = permits.acquire();
    Task<Void> next = permits.acquire();
    assertTrue(cancelled.cancel());
    permits.release();
    assertTrue(next.isDone(), "the permit went past the cancelled waiter");
    permits.release();
    assertEquals(1, permits.availablePermits());
    assertEquals("AsyncSemaphore[1 free, 0 waiting]", permits.toString());
  }

  @Test
  void aWaiterHandedItsPermitRefusesTheCancelAndKeepsIt() {
    AsyncSemaphore permits = new AsyncSemaphore(0);
    Task<Void> acquire = permits.acquire();
    permits.release();
    assertFalse(acquire.cancel());
    assertTrue(acquire.isDone() && !acquire.isFailed());
    assertEquals(0, permits.availablePermits());
  }

  @Test
  void theMutexIsFairAndRefusesAnUnlockWhenFree() {
    AsyncMutex mutex = new AsyncMutex();
    assertTrue(mutex.tryLock());
    Task<Void> waiting = mutex.lock();
    assertEquals("AsyncMutex[locked, 1 waiting]", mutex.toString());
    mutex.unlock();
    assertTrue(waiting.isDone());
    assertTrue(mutex.isLocked(), "handed straight to the waiter");
    mutex.unlock();
    assertFalse(mutex.isLocked());
    IllegalStateException refused = assertThrows(IllegalStateException.class, mutex::unlock);
    assertEquals("AsyncMutex.unlock() must be called on a locked mutex: AsyncMutex[unlocked] is"
        + " not locked; unlock once per lock() or tryLock() that succeeded",
        refused.getMessage());
  }

  @Test
  void aNegativeCountIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> new AsyncSemaphore(-2));
    assertEquals("new AsyncSemaphore(permits) must be given 0 or more permits: -2",
        refused.getMessage());
  }

  /**
   * Four threads take and give back permits, cancelling one wait in four: never more holders
   * than permits, and every permit back at the end.
   */
  @Test
  void underContentionWithCancellationsNoPermitLeaks() throws InterruptedException {
    int threads = 4;
    int rounds = 50_000;
    AsyncSemaphore permits = new AsyncSemaphore(2);
    AsyncMutex mutex = new AsyncMutex();
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger mutexHolders = new AtomicInteger();
    AtomicInteger worst = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        try {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < rounds; i++) {
            Task<Void> acquire = permits.acquire();
            if (!acquire.isDone() && random.nextInt(4) == 0 && acquire.cancel()) {
              continue; // took nothing, so gives nothing back
            }
            acquire.join();
            worst.accumulateAndGet(holders.incrementAndGet(), Math::max);
            Task<Void> lock = mutex.lock();
            if (lock.isDone() || random.nextInt(4) != 0 || !lock.cancel()) {
              lock.join();
              assertEquals(1, mutexHolders.incrementAndGet());
              mutexHolders.decrementAndGet();
              mutex.unlock();
            }
            holders.decrementAndGet();
            permits.release();
          }
        } catch (Throwable error) {
          errors.add(error);
        }
      });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(List.of(), errors);
    assertTrue(worst.get() <= 2, "at most 2 holders at once: " + worst.get());
    assertEquals(2, permits.availablePermits());
    assertFalse(mutex.isLocked());
  }
}
