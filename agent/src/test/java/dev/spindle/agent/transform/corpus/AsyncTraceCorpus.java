package dev.spindle.agent.transform.corpus;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.Task;
import dev.spindle.agent.transform.support.Source;
import dev.spindle.io.AsyncTcpStream;
import java.net.SocketAddress;

/**
 * A three-level chain whose innermost level fails, for async stack traces: {@code outer} awaits
 * {@code middle}, which awaits {@code Deep.inner} (another class, so called through its
 * forwarder), which throws after an await of its own. The exception thrown is left in
 * {@code thrown[0]}, so tests can check they catch that very object.
 */
public final class AsyncTraceCorpus {
  private AsyncTraceCorpus() {}

  @Async
  public static Task<Integer> outer(Source s, Throwable[] thrown) {
    int value = await(middle(s, thrown)); // MARK outer-await
    return Task.completed(value + 1);
  }

  @Async
  static Task<Integer> middle(Source s, Throwable[] thrown) {
    int value = await(Deep.inner(s, thrown)); // MARK middle-await
    return Task.completed(value * 2);
  }

  /** Makes a failed task and awaits it: the failure was made in the method that awaits it. */
  @Async
  public static Task<Integer> awaitsItsOwnFailure(Throwable[] thrown) {
    Task<Integer> failed = Task.failed(thrown[0] = new IllegalStateException("made here")); // MARK made-here
    int value = await(failed); // MARK await-made
    return Task.completed(value);
  }

  /** The example: an @Async fetch that connects to a closed port. */
  @Async
  public static Task<String> fetchPage(SocketAddress address) {
    String page = await(fetch(address)); // MARK fetch-page-await
    return Task.completed(page.trim());
  }

  @Async
  static Task<String> fetch(SocketAddress address) {
    AsyncTcpStream connection = await(AsyncTcpStream.connect(address)); // MARK connect-await
    await(connection.close());
    return Task.completed("connected");
  }

  /** The innermost level, in a class of its own. */
  public static final class Deep {
    private Deep() {}

    @Async
    static Task<Integer> inner(Source s, Throwable[] thrown) {
      int value = await(s.of(1));
      throw (IllegalStateException) (thrown[0] = new IllegalStateException("inner failed after " + value)); // MARK inner-throw
    }
  }
}
