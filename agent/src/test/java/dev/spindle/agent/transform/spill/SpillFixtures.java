package dev.spindle.agent.transform.spill;

import static dev.spindle.Await.await;

import dev.spindle.Task;

/** Methods (never run) whose bytecode the spill planner's tests read. */
@SuppressWarnings("unused")
final class SpillFixtures {
  static Task<String> text;
  static Task<Integer> number;

  private SpillFixtures() {}

  static void consume(Object... values) {}

  /** `name` is a String at both awaits; `count` an int; nothing needs narrowing. */
  static int oneTypePerSlot(String name) {
    int count = name.length();
    String first = await(text);
    count += await(number);
    return count + name.length() + first.length();
  }

  /** The slot of `value` holds a String at the first await and an Integer at the second. */
  static int twoTypesInOneSlot(boolean flag) {
    int total = 0;
    if (flag) {
      String value = "text";
      total += await(number) + value.length();
    } else {
      Integer value = 7;
      total += await(number) + value;
    }
    return total;
  }

  /** `early` is live at the first await only: dead, its refs entry is cleared at the second. */
  static int deadAtTheSecondAwait(String early) {
    int length = await(number) + early.length();
    return length + await(number);
  }

  /** `wide` is live across the await: one prims entry. */
  static long wideLocal(long wide) {
    return await(number) + wide;
  }

  /** The receiver `out` is under the task, loaded from its local and not stored since. */
  static StringBuilder receiverFromALocal(StringBuilder out) {
    return out.append(await(text));
  }

  /** Values under the awaited task: a String and a long go through stack slots. */
  static void valuesOnTheStack(String s, long j) {
    consume(s, j, await(text));
  }
}
