package dev.spindle.agent.twins;

import java.util.List;
import java.util.Locale;

/**
 * The size figures of one set of {@link MethodSize}s, and the markdown table that shows several.
 * A refused method counts as over every budget; the rewritten/original ratios are over the
 * methods that were rewritten.
 */
record SizeTable(String corpus, List<MethodSize> methods) {
  /** HotSpot's {@code HugeMethodLimit}: the JIT never compiles a method longer than this. */
  static final int HUGE_METHOD_LIMIT = 8000;
  /** A method this small must never end above the limit. */
  static final int SMALL_ORIGINAL = 3000;
  /** A method this small must never be refused for its size. */
  static final int REFUSABLE_ABOVE = 32 * 1024;

  static final String HEADER = "| corpus | methods | original median / max (bytes) | await sites"
      + " median / max | rewritten / original: median | p90 | p99 | max | above 8,000 |"
      + " above 8,000 from ≤ 3,000 | refused: size / class / other | over 2× budget |"
      + " over 3× budget |"
      + " median / 2× budget | p99 / 3× budget |\n"
      + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";

  static String markdown(List<SizeTable> tables) {
    StringBuilder text = new StringBuilder(HEADER);
    tables.forEach(table -> text.append(table.row()).append('\n'));
    return text.append("\nrefused: for size alone / with the whole class (the rewriter threw) /"
        + " for another reason. Budgets: 2× = 2 × original + 48 × await sites (for the median"
        + " method), 3× = 3 × original + 48 × await sites (for the p99 method); a refused method"
        + " is over both.\n").toString();
  }

  String row() {
    if (methods.isEmpty()) {
      return "| " + corpus + " | 0 |" + " – |".repeat(13);
    }
    double[] ratios = methods.stream().filter(m -> !m.refused()).mapToDouble(MethodSize::ratio)
        .sorted().toArray();
    return String.format(Locale.ROOT,
        "| %s | %d | %s / %s | %s / %s | %s | %s | %s | %s | %d | %d | %d / %d / %d | %d | %d"
            + " | %s | %s |",
        corpus, methods.size(),
        (long) percentile(originals(), 0.5), (long) percentile(originals(), 1),
        (long) percentile(sites(), 0.5), (long) percentile(sites(), 1),
        times(ratios, 0.5), times(ratios, 0.9), times(ratios, 0.99), times(ratios, 1),
        aboveLimit(), aboveLimitFromSmall().size(), refusedForSize().size(),
        classFailures().size(), refused() - refusedForSize().size() - classFailures().size(),
        overBudget(2), overBudget(3), toBudgetText(2, 0.5), toBudgetText(3, 0.99));
  }

  long aboveLimit() {
    return methods.stream().filter(m -> m.rewritten() > HUGE_METHOD_LIMIT).count();
  }

  List<MethodSize> aboveLimitFromSmall() {
    return methods.stream().filter(m -> m.original() <= SMALL_ORIGINAL
        && (m.rewritten() > HUGE_METHOD_LIMIT || m.refused() && isForSize(m))).toList();
  }

  long refused() {
    return methods.stream().filter(MethodSize::refused).count();
  }

  /** Methods lost because the rewriter threw on their whole class. */
  List<MethodSize> classFailures() {
    return methods.stream().filter(m -> m.refused()
        && SizeRefusals.isClassFailure(m.refusal())).toList();
  }

  List<MethodSize> refusedForSize() {
    return methods.stream().filter(m -> m.refused() && isForSize(m)).toList();
  }

  long overBudget(int factor) {
    return methods.stream().filter(m -> m.refused() || m.rewritten() > m.budget(factor)).count();
  }

  double medianToBudget2() {
    return percentile(toBudget(2), 0.5);
  }

  double p99ToBudget3() {
    return percentile(toBudget(3), 0.99);
  }

  /** The percentile of size over budget; when that is a refused method, also the rewritten's. */
  private String toBudgetText(int factor, double p) {
    double all = percentile(toBudget(factor), p);
    if (Double.isFinite(all)) {
      return String.format(Locale.ROOT, "%.2f", all);
    }
    double[] rewritten = methods.stream().filter(m -> !m.refused())
        .mapToDouble(m -> m.toBudget(factor)).sorted().toArray();
    return String.format(Locale.ROOT, "refused (%.2f of the rewritten)",
        percentile(rewritten, p));
  }

  private double[] toBudget(int factor) {
    return methods.stream().mapToDouble(m -> m.refused() ? Double.POSITIVE_INFINITY
        : m.toBudget(factor)).sorted().toArray();
  }

  private double[] originals() {
    return methods.stream().mapToDouble(MethodSize::original).sorted().toArray();
  }

  private double[] sites() {
    return methods.stream().mapToDouble(MethodSize::awaitSites).sorted().toArray();
  }

  /** Refused alone for its size (a class failure is counted as one, whatever its message). */
  private static boolean isForSize(MethodSize method) {
    return !SizeRefusals.isClassFailure(method.refusal())
        && SizeRefusals.isForSize(method.refusal());
  }

  /** Nearest rank: the smallest value with at least {@code p} of them at or below it. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static String times(double[] sorted, double p) {
    return sorted.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f×",
        percentile(sorted, p));
  }

  /** For reading: the {@code n} largest by ratio, with their sizes. */
  String largest(int n) {
    StringBuilder text = new StringBuilder();
    methods.stream().filter(m -> !m.refused())
        .sorted((a, b) -> Double.compare(b.ratio(), a.ratio())).limit(n)
        .forEach(m -> text.append(String.format(Locale.ROOT,
            "  %s: %d -> %d bytes (%.2f×), %d await sites%n", m.place(), m.original(),
            m.rewritten(), m.ratio(), m.awaitSites())));
    return text.toString();
  }
}
