package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Spindle TLS server on its own loop thread for tests whose other side blocks (JDK sockets):
 * it accepts until closed, runs {@link #handshake} on each connection, then echoes, and puts
 * what became of each handshake (the stream, or the failure) on {@link #outcomes}.
 */
final class TlsTestServer implements AutoCloseable {
  /** How each accepted connection becomes TLS; tests may change it between connections. */
  volatile Function<AsyncTcpStream, Task<AsyncTlsStream>> handshake;
  final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
  /** How echoes after a good handshake failed, if they did. */
  final BlockingQueue<Throwable> echoFailures = new LinkedBlockingQueue<>();
  private final Promise<Void> stop = new Promise<>();
  private final CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  TlsTestServer(Function<AsyncTcpStream, Task<AsyncTlsStream>> handshake) throws Exception {
    this.handshake = handshake;
    Thread thread = new Thread(() -> {
      try {
        EventLoop.run(this::serve);
        stopped.complete(null);
      } catch (Throwable failure) {
        stopped.completeExceptionally(failure);
        address.completeExceptionally(failure);
      }
    }, "tls-test-server");
    thread.setDaemon(true);
    thread.start();
    address.get(10, TimeUnit.SECONDS);
  }

  InetSocketAddress address() {
    return address.join();
  }

  /** The next handshake's outcome: an {@link AsyncTlsStream} or a failure. */
  Object nextOutcome() throws InterruptedException {
    Object outcome = outcomes.poll(20, TimeUnit.SECONDS);
    if (outcome == null) {
      throw new AssertionError("no handshake ended on the server within 20 s");
    }
    return outcome;
  }

  private Task<Void> serve() {
    AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
    address.complete((InetSocketAddress) listener.localAddress());
    stop.task().whenDone(stopping -> listener.close());
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    return Steps.repeat(() -> Steps.then(incoming.next(), tcp -> {
      if (tcp == null) {
        return Task.completed(false);
      }
      Task<AsyncTlsStream> secured = handshake.apply(tcp);
      secured.whenDone(done -> {
        Throwable failure = done.failureNow();
        outcomes.add(failure != null ? failure : done.resultNow());
        if (failure == null) {
          Loopback.echo(secured.resultNow(), 4096).whenDone(echoed -> {
            Throwable failed = echoed.failureNow();
            if (failed != null) {
              echoFailures.add(failed);
            }
          });
        } else if (failure instanceof NotTlsRecordException) {
          tcp.close(); // a server would answer in plain text first
        }
      });
      return Task.completed(true);
    }));
  }

  @Override
  public void close() throws Exception {
    stop.complete(null);
    stopped.get(10, TimeUnit.SECONDS);
  }
}
