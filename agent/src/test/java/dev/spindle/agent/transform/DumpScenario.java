package dev.spindle.agent.transform;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.agent.transform.corpus.DumpCorpus;
import dev.spindle.agent.transform.support.Corpus;
import dev.spindle.agent.transform.support.Mode;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.ManualClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * The child JVM of {@link LoopDumpTest} (run with {@code -Dspindle.debug=true}, read once per
 * JVM): leaves three tasks of {@link DumpCorpus}, rewritten, suspended on one loop and prints
 * the loop's dump, after a line {@code port=<the server's port>}.
 */
public final class DumpScenario {
  private DumpScenario() {}

  public static void main(String[] arguments) throws Throwable {
    Corpus corpus = Corpus.load(DumpCorpus.class, Mode.LATER);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println("port=" + server.getLocalPort());
      String dump = EventLoop.builder().clock(new ManualClock()).run(() -> {
        Promise<String> dumped = new Promise<>();
        AsyncTcpStream.connect(new InetSocketAddress("127.0.0.1",
            server.getLocalPort())).whenDone(connected -> {
              try {
                corpus.call("readOne", connected.resultNow()); // the server never writes
                corpus.call("nap", Duration.ofHours(1)); // the clock never moves
                corpus.call("outer", new Promise<String>().task()); // nobody completes it
                dumped.complete(EventLoop.current().dump());
              } catch (Throwable failure) {
                dumped.fail(failure);
              }
            });
        return dumped.task();
      });
      System.out.print(dump);
    }
  }
}
