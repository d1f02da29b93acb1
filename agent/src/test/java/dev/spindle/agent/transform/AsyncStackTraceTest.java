package dev.spindle.agent.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.agent.transform.corpus.AsyncTraceCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.agent.transform.support.SourceLines;
import dev.spindle.internal.frame.AsyncStackTrace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Async stack traces through real rewritten classes: an exception that passes awaits prints,
 * after the frame where it was thrown, a boundary line and each {@code @Async} method it passed,
 * once each, innermost first, at the line of its await; and it is still the very object thrown.
 */
@Timeout(20)
class AsyncStackTraceTest {
  private static final String CORPUS = AsyncTraceCorpus.class.getName();
  private static final String BOUNDARY = "\tat --- awaited by ---.(async stack trace)";

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_three_levels_down_prints_each_method_once_at_its_await(Mode mode) {
    Corpus corpus = Corpus.load(AsyncTraceCorpus.class, mode);
    Throwable[] thrown = new Throwable[1];
    IllegalStateException caught = assertThrows(IllegalStateException.class,
        () -> corpus.run("outer", corpus.source(), thrown));

    assertSame(thrown[0], caught, "the very exception the innermost method threw");
    assertEquals("inner failed after 1", caught.getMessage());
    assertEquals(List.of(
        "java.lang.IllegalStateException: inner failed after 1",
        at(CORPUS + "$Deep.inner", "inner-throw"),
        BOUNDARY,
        at(CORPUS + ".middle", "middle-await"),
        at(CORPUS + ".outer", "outer-await")), printed(caught));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_failure_made_and_awaited_in_one_method_keeps_no_frame_below_it(Mode mode) {
    Corpus corpus = Corpus.load(AsyncTraceCorpus.class, mode);
    Throwable[] thrown = new Throwable[1];
    IllegalStateException caught = assertThrows(IllegalStateException.class,
        () -> corpus.run("awaitsItsOwnFailure", (Object) thrown));

    assertSame(thrown[0], caught);
    assertEquals(List.of(
        "java.lang.IllegalStateException: made here",
        at(CORPUS + ".awaitsItsOwnFailure", "made-here"),
        BOUNDARY,
        at(CORPUS + ".awaitsItsOwnFailure", "await-made")), printed(caught));
  }

  @Test
  void the_issue_example_a_refused_connect_shows_the_async_methods_that_awaited_it()
      throws Exception {
    Corpus corpus = Corpus.load(AsyncTraceCorpus.class, Mode.DONE);
    InetSocketAddress closed;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }
    InetSocketAddress address = closed;
    ConnectException caught = assertThrows(ConnectException.class,
        () -> corpus.run("fetchPage", address));

    List<String> lines = printed(caught);
    int boundary = lines.indexOf(BOUNDARY);
    assertTrue(boundary > 0, "a boundary line in\n" + String.join("\n", lines));
    assertEquals(List.of(at(CORPUS + ".fetch", "connect-await"),
        at(CORPUS + ".fetchPage", "fetch-page-await")),
        lines.subList(boundary + 1, lines.size()));
    assertTrue(lines.stream().noneMatch(line -> line.contains("dev.spindle.EventLoop.")),
        "the loop's own frames below the socket's are dropped:\n" + String.join("\n", lines));
  }

  @Test
  void the_boundary_is_one_stack_trace_element_that_prints_as_a_separator() {
    assertEquals(BOUNDARY.substring(4), AsyncStackTrace.BOUNDARY.toString());
  }

  @Test
  void with_the_flag_false_traces_are_the_jvms_own() throws Exception {
    List<String> lines = childJvm("-Dspindle.asyncStackTraces=false");
    assertEquals("enabled=false", lines.get(0));
    assertFalse(lines.contains(BOUNDARY), String.join("\n", lines));
    assertEquals(at(CORPUS + "$Deep.inner", "inner-throw"), lines.get(2));
    assertTrue(lines.stream().anyMatch(line -> line.contains("dev.spindle.EventLoop")),
        "the loop frames below the method are kept: " + String.join("\n", lines));
  }

  @Test
  void the_flag_is_on_unless_it_says_false() throws Exception {
    List<String> lines = childJvm("-Dspindle.asyncStackTraces=true");
    assertEquals("enabled=true", lines.get(0));
    assertEquals(List.of(
        at(CORPUS + "$Deep.inner", "inner-throw"),
        BOUNDARY,
        at(CORPUS + ".middle", "middle-await"),
        at(CORPUS + ".outer", "outer-await")), lines.subList(2, lines.size()));
  }

  /** The output lines of {@link AsyncTraceChild} run in a JVM of its own with {@code flag}. */
  private static List<String> childJvm(String flag) throws Exception {
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), flag,
        "-cp", System.getProperty("java.class.path"), AsyncTraceChild.class.getName())
        .redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the child JVM ends");
      assertEquals(0, process.exitValue(), output);
      return Arrays.asList(output.split("\\R"));
    } finally {
      process.destroyForcibly();
    }
  }

  /** The trace as {@code printStackTrace} prints it, one string per line. */
  static List<String> printed(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return Arrays.asList(text.toString().split("\\R"));
  }

  private static String at(String method, String marker) {
    return "\tat " + method + "(AsyncTraceCorpus.java:"
        + SourceLines.lineOf(AsyncTraceCorpus.class, marker) + ")";
  }
}
