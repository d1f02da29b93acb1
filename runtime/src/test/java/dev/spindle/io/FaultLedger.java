package dev.spindle.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded random {@link Faults.Plan} that also keeps the books: every failure it injects is
 * recorded with its operation and subject, and crossed off when the task that owns the
 * operation reports it ({@link #observed}). What is left at the end never reached its owner.
 *
 * <p>Loop thread only (one loop runs the whole test).
 */
final class FaultLedger implements Faults.Plan {
  private final long seed;
  private final SplittableRandom random;
  /** One in {@code oneIn} operations fails. */
  private final int oneIn;
  /** Off during warm-up and settling. */
  boolean enabled;
  private long operations;
  private long injected;
  private long observed;
  private final Map<Faults.Operation, Long> injectedBy = new EnumMap<>(Faults.Operation.class);
  private final Map<IOException, Injected> unobserved = new IdentityHashMap<>();
  private final List<String> misdelivered = new ArrayList<>();

  private record Injected(Faults.Operation operation, Object subject) {}

  FaultLedger(long seed, int oneIn) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.oneIn = oneIn;
  }

  @Override
  public IOException failure(Faults.Operation operation, Object subject) {
    if (!enabled) {
      return null;
    }
    operations++;
    if (random.nextInt(oneIn) != 0) {
      return null;
    }
    injected++;
    injectedBy.merge(operation, 1L, Long::sum);
    IOException failure = new IOException("injected fault #" + injected + " (seed " + seed
        + ") in " + operation + " on " + subject);
    unobserved.put(failure, new Injected(operation, subject));
    return failure;
  }

  /**
   * The task of {@code operation} on {@code owner} failed with {@code failure}: crosses it off if
   * it was injected, and notes it if it was injected into another operation or subject. An
   * {@code owner} of {@code null} (a connect, whose stream the caller never sees) checks only
   * the operation. False if {@code failure} was not injected (a reset or an end of stream that
   * an injected failure caused on the other side).
   */
  boolean observed(Throwable failure, Faults.Operation operation, Object owner) {
    Injected injection = unobserved.remove(failure);
    if (injection == null && failure != null) {
      injection = unobserved.remove(failure.getCause()); // named for its operation: IoFailures
    }
    if (injection == null) {
      return false;
    }
    observed++;
    if (injection.operation != operation || (owner != null && injection.subject != owner)) {
      misdelivered.add(failure.getMessage() + " reached the task of " + operation + " on "
          + owner);
    }
    return true;
  }

  long operations() {
    return operations;
  }

  long injected() {
    return injected;
  }

  /** How many failures were injected into each operation (absent: none). */
  Map<Faults.Operation, Long> injectedBy() {
    return injectedBy;
  }

  long observed() {
    return observed;
  }

  /** Injected failures that no task reported, as their messages. */
  List<String> unobserved() {
    List<String> messages = new ArrayList<>();
    unobserved.keySet().forEach(failure -> messages.add(failure.getMessage()));
    return messages;
  }

  List<String> misdelivered() {
    return misdelivered;
  }

  long seed() {
    return seed;
  }
}
