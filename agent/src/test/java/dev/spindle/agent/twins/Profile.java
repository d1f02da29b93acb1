package dev.spindle.agent.twins;

import java.util.SplittableRandom;

/**
 * How big and how shaped the methods a {@link TwinMethodGenerator} writes are. {@link #SMALL}
 * is the original distribution (a few hundred bytes, a handful of awaits); {@link #LARGE} is what
 * real handler code looks like: kilobytes of bytecode, up to {@code maxAwaitSites} awaits, many
 * locals of mixed types live across all of them, deeper nesting (so javac copies finally blocks
 * into every exit), and {@code synchronized} blocks next to awaits.
 *
 * @param minStatements statements the body gets at least (the budget, nested ones included)
 * @param maxStatements statements it gets at most: uniform between the two for small methods,
 *     log-uniform for large ones (so that there are many more of 3 KB than of 16 KB)
 * @param maxNesting how deep blocks nest
 * @param maxAwaitSites await sites per method at most
 * @param maxLiveLocals up to this many locals declared first and read last, so live across every
 *     await (0: none)
 * @param handlerShapes whether {@code synchronized} blocks and their escaping exceptions appear
 */
record Profile(String name, int minStatements, int maxStatements, int maxNesting,
    int maxAwaitSites, int maxLiveLocals, boolean handlerShapes) {
  static final Profile SMALL = new Profile("small", 5, 18, 3, Integer.MAX_VALUE, 0, false);
  static final Profile LARGE = new Profile("large", 12, 520, 5, 300, 60, true);

  /** How many statements one method gets. */
  int statementBudget(SplittableRandom random) {
    if (!handlerShapes) {
      return minStatements + random.nextInt(maxStatements - minStatements + 1);
    }
    return (int) (minStatements * Math.pow((double) maxStatements / minStatements,
        random.nextDouble()));
  }
}
