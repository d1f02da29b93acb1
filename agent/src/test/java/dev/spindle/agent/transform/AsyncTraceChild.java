package dev.spindle.agent.transform;

import dev.spindle.agent.transform.corpus.AsyncTraceCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.internal.frame.AsyncStackTrace;

/**
 * Run in a child JVM by {@link AsyncStackTraceTest}, with the system properties it is given:
 * prints whether async stack traces are on, then the trace of the three-level chain's failure.
 */
public final class AsyncTraceChild {
  private AsyncTraceChild() {}

  public static void main(String[] arguments) throws Throwable {
    System.out.println("enabled=" + AsyncStackTrace.enabled());
    Corpus corpus = Corpus.load(AsyncTraceCorpus.class, Mode.LATER);
    try {
      corpus.run("outer", corpus.source(), new Throwable[1]);
    } catch (IllegalStateException expected) {
      expected.printStackTrace(System.out);
    }
  }
}
