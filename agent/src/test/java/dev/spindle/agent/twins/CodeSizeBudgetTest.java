package dev.spindle.agent.twins;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rewriter's code-size budgets (issue #10), over the twin corpus of the fixed seed, small and
 * large methods together: the median state machine within {@code 2 × original + 48 × await
 * sites}, the p99 one within {@code 3 × original + 48 × await sites}; none whose original is at
 * most 3,000 bytes above HotSpot's 8,000-byte {@code HugeMethodLimit}; none whose original is at
 * most 32 KB refused for size. Prints the size table either way.
 *
 * <p>System properties: {@code spindle.twins.count} and {@code spindle.twins.large}, as in
 * {@link DifferentialTwinTest} (which compiles the same corpus, shared when both run in one JVM).
 */
class CodeSizeBudgetTest {
  private static final int LISTED = 5;

  @Test
  @Timeout(600)
  void stateMachinesStayWithinTheirBudgets() {
    int count = Integer.getInteger("spindle.twins.count", TwinCorpus.DEFAULT_COUNT);
    int large = Integer.getInteger("spindle.twins.large", TwinCorpus.DEFAULT_LARGE);
    List<SizeTable> tables = CodeSizeReport.twinTables(TwinCorpus.DEFAULT_SEED, count, large);
    String table = SizeTable.markdown(tables);
    System.out.println("code size over the twin corpus (seed " + TwinCorpus.DEFAULT_SEED + ", "
        + count + " small and " + large + " large methods):\n" + table);
    SizeTable all = tables.get(tables.size() - 1);
    List<String> broken = new ArrayList<>();
    if (!(all.medianToBudget2() <= 1)) {
      broken.add(String.format(Locale.ROOT, "the median method must be within 2 × original + 48 ×"
          + " await sites, but is %.2f× that budget", all.medianToBudget2()));
    }
    if (!(all.p99ToBudget3() <= 1)) {
      broken.add(Double.isFinite(all.p99ToBudget3())
          ? String.format(Locale.ROOT, "the p99 method must be within 3 × original + 48 × await"
              + " sites, but is %.2f× that budget", all.p99ToBudget3())
          : "the p99 method must be within 3 × original + 48 × await sites, but is refused"
              + " (more than 1% of the methods are)");
    }
    if (!all.aboveLimitFromSmall().isEmpty()) {
      broken.add(all.aboveLimitFromSmall().size() + " methods of at most "
          + SizeTable.SMALL_ORIGINAL + " bytes must not end above " + SizeTable.HUGE_METHOD_LIMIT
          + " (the JIT never compiles those), but do: " + list(all.aboveLimitFromSmall()));
    }
    List<MethodSize> refused = all.refusedForSize().stream()
        .filter(m -> m.original() <= SizeTable.REFUSABLE_ABOVE).toList();
    if (!refused.isEmpty()) {
      broken.add(refused.size() + " methods of at most " + SizeTable.REFUSABLE_ABOVE + " bytes must"
          + " not be refused for size, but were: " + list(refused) + "; first refusal: "
          + refused.get(0).refusal());
    }
    List<MethodSize> lost = all.classFailures();
    if (!lost.isEmpty()) {
      broken.add(lost.size() + " methods must be rewritten or refused one by one, but rewriting"
          + " their class failed as a whole: " + list(lost) + "; first failure: "
          + lost.get(0).refusal());
    }
    if (!broken.isEmpty()) {
      fail("the rewriter's code-size budgets do not hold over the twin corpus:\n- "
          + String.join("\n- ", broken) + "\n" + table);
    }
  }

  private static String list(List<MethodSize> methods) {
    StringBuilder text = new StringBuilder();
    methods.stream().limit(LISTED).forEach(m -> text.append(text.length() == 0 ? "" : ", ")
        .append(m.place()).append(" (").append(m.original()).append(" -> ")
        .append(m.refused() ? "refused" : m.rewritten() + " bytes").append(')'));
    return text + (methods.size() > LISTED ? ", …" : "");
  }
}
