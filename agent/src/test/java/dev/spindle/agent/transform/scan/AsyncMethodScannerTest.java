package dev.spindle.agent.transform.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.corpus.MethodKindsCorpus;
import dev.spindle.agent.transform.refused.RefusedCorpus;
import dev.spindle.agent.transform.support.Bytecode;
import dev.spindle.agent.transform.support.SourceLines;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.ClassNode;

class AsyncMethodScannerTest {
  @Test
  void finds_every_async_method_and_its_await_calls_in_order() {
    ClassNode owner = Bytecode.read(MethodKindsCorpus.class);
    ClassScan scan = AsyncMethodScanner.scan(owner);
    assertTrue(scan.refusals().isEmpty(), scan.refusals().toString());
    List<String> names = scan.rewritable().stream().map(m -> m.method().name)
        .collect(Collectors.toList());
    assertTrue(names.containsAll(List.of("recursiveSum", "instanceMethod", "privateHelper",
        "genericMax", "varargs", "returnsNull", "awaitsCompletionStages")), names.toString());
    assertFalse(names.contains("<init>"));
    AsyncMethod recursive = scan.rewritable().stream()
        .filter(m -> m.method().name.equals("recursiveSum")).findFirst().orElseThrow();
    assertEquals(2, recursive.points().size());
    assertTrue(recursive.points().get(0).line() < recursive.points().get(1).line());
  }

  @Test
  void tells_the_completion_stage_overload_apart() {
    ClassNode owner = Bytecode.read(MethodKindsCorpus.class);
    AsyncMethod stages = AsyncMethodScanner.scan(owner).rewritable().stream()
        .filter(m -> m.method().name.equals("awaitsCompletionStages")).findFirst().orElseThrow();
    assertEquals(List.of(true, true), stages.points().stream().map(SuspensionPoint::awaitsStage)
        .collect(Collectors.toList()));
  }

  @Test
  void separates_refused_async_methods_from_reported_plain_methods() {
    ClassScan scan = AsyncMethodScanner.scan(Bytecode.read(RefusedCorpus.class));
    List<String> refused = scan.refused().stream().map(r -> r.method().name)
        .collect(Collectors.toList());
    assertEquals(List.of("awaitInSynchronizedBlock", "synchronizedMethod", "notReturningTask"),
        refused.stream().filter(name -> !name.startsWith("lambda$")).toList());
    assertEquals(1, refused.stream()
        .filter(name -> name.startsWith("lambda$asyncLambdaInSynchronizedBlock$")).count());
    List<String> reported = scan.reported().stream().map(r -> r.methodName())
        .collect(Collectors.toList());
    assertTrue(reported.contains("notAsync"), reported.toString());
    assertTrue(reported.stream().anyMatch(name -> name.startsWith("lambda$awaitInLambda$")));
    assertEquals(List.of("awaitInLambda", "stillRewritten"), scan.rewritable().stream()
        .map(m -> m.method().name).filter(name -> !name.startsWith("lambda$"))
        .collect(Collectors.toList()));
    assertEquals(1, scan.rewritable().stream()
        .filter(m -> m.method().name.startsWith("lambda$asyncLambdaBeside$")).count(),
        "the async lambda beside the refused one");
  }

  @Test
  void reports_the_line_of_the_offending_await() {
    ClassScan scan = AsyncMethodScanner.scan(Bytecode.read(RefusedCorpus.class));
    RefusedMethod block = scan.refused().get(0);
    assertEquals(SourceLines.lineOf(RefusedCorpus.class, "sync-block"), block.refusal().line());
  }
}
