package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.corpus.DumpCorpus;
import dev.spindle.agent.transform.support.SourceLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code EventLoop.dump()} lists the tasks suspended on a loop, with the line of each await, for
 * real rewritten classes. In a child JVM, since {@code -Dspindle.debug=true} is read once.
 */
@Timeout(120)
class LoopDumpTest {
  private static final String AT = "    at " + DumpCorpus.class.getName() + ".";

  @Test
  void the_dump_lists_three_suspended_tasks_with_their_await_lines_and_what_they_await()
      throws Exception {
    List<String> output = runScenario();
    String port = output.get(0).substring("port=".length());
    List<String> dump = output.subList(1, output.size());

    assertEquals("EventLoop[main]: 3 tasks suspended, 4 @Async calls in all, oldest first",
        dump.get(0), String.join("\n", output));
    assertEquals(8, dump.size(), String.join("\n", output));
    Pattern task = Pattern.compile("Task (\\d), suspended (\\d+) ms ago: awaits (.*)");
    List<String> awaits = new ArrayList<>();
    for (int line : new int[] {1, 3, 5}) {
      Matcher matcher = task.matcher(dump.get(line));
      assertTrue(matcher.matches(), dump.get(line));
      assertEquals(String.valueOf((line + 1) / 2), matcher.group(1));
      awaits.add(matcher.group(3));
    }
    // oldest first: the read, the sleep, then the chain (its outer call suspended last)
    assertTrue(awaits.get(0).matches("AsyncTcpStream\\.read\\(\\) on AsyncTcpStream\\["
        + "/127\\.0\\.0\\.1:\\d+ -> /127\\.0\\.0\\.1:" + port + "]"), awaits.get(0));
    assertEquals(AT + "readOne(DumpCorpus.java:" + line("await-read") + ")", dump.get(2));
    assertEquals("EventLoop.sleep(): 3600000 ms left", awaits.get(1));
    assertEquals(AT + "nap(DumpCorpus.java:" + line("await-sleep") + ")", dump.get(4));
    assertEquals("the task of a Promise (or of Task.from(CompletionStage)), not yet completed",
        awaits.get(2));
    assertEquals(AT + "inner(DumpCorpus.java:" + line("await-promise") + ")", dump.get(6));
    assertEquals(AT + "outer(DumpCorpus.java:" + line("await-inner") + ")", dump.get(7));
  }

  private static int line(String marker) {
    return SourceLines.lineOf(DumpCorpus.class, marker);
  }

  private static List<String> runScenario() throws IOException, InterruptedException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dspindle.debug=true", "-cp", System.getProperty("java.class.path"),
        DumpScenario.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the scenario did not end");
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), output);
      return Arrays.asList(output.split("\n"));
    } finally {
      process.destroyForcibly();
    }
  }
}
