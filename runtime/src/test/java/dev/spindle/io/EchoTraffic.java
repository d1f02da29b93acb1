package dev.spindle.io;

import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Echo servers and clients on one loop, every operation of which hands its failure to a
 * {@link FaultLedger}. Each side survives any failure: it closes the connection it was using
 * and goes on (a server with the next connection, a client with a new one). Loop thread only.
 */
final class EchoTraffic {
  /** Bytes per message; the reply must be the same bytes. */
  static final int MESSAGE = 16;
  /** A read that waits this long fails, so a lost wake-up fails the test instead of hanging. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private final FaultLedger ledger;
  private final List<Task<Void>> handlers = new ArrayList<>();
  /** Replies that came back with other bytes than were sent. */
  int corrupted;
  /** Failures that were not injected (what an injected one caused on the other side). */
  final List<String> consequences = new ArrayList<>();
  private int messages;

  EchoTraffic(FaultLedger ledger) {
    this.ledger = ledger;
  }

  /** A task's outcome, with its failure already handed to the ledger. */
  record Outcome<T>(T value, Throwable failure) {
    boolean failed() {
      return failure != null;
    }
  }

  /** {@code task}, finishing with its outcome instead of failing. */
  <T> Task<Outcome<T>> observe(Faults.Operation operation, Object owner, Task<T> task) {
    Promise<Outcome<T>> outcome = new Promise<>();
    task.whenDone(done -> {
      Throwable failure = done.failureNow();
      if (failure != null && !ledger.observed(failure, operation, owner)
          && consequences.size() < 20) {
        consequences.add(operation + ": " + failure);
      }
      outcome.complete(new Outcome<>(failure == null ? task.resultNow() : null, failure));
    });
    return outcome.task();
  }

  // ---------------------------------------------------------------- server

  /**
   * Accepts until {@code listener} closes, echoing on each connection; the task ends when the
   * listener has closed and every connection it accepted has been closed.
   */
  Task<Void> serve(AsyncTcpListener listener) {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    Task<Void> accepting = Steps.repeat(() -> Steps.then(
        observe(Faults.Operation.ACCEPT, listener, incoming.next()), next -> {
          if (next.failed()) {
            return Task.completed(true);
          }
          if (next.value() == null) {
            return Task.completed(false); // closed
          }
          handlers.add(echo(next.value()));
          return Task.completed(true);
        }));
    return Steps.then(accepting, closed -> Steps.then(Task.all(handlers),
        all -> Task.completed(null)));
  }

  private Task<Void> echo(AsyncTcpStream conn) {
    conn.setReadTimeout(READ_TIMEOUT);
    ByteBuffer buffer = ByteBuffer.allocate(64);
    Task<Void> echoing = Steps.repeat(() -> Steps.then(
        observe(Faults.Operation.READ, conn, conn.read(buffer)), read -> {
          if (read.failed() || read.value() < 0) {
            return Task.completed(false);
          }
          buffer.flip();
          return Steps.then(observe(Faults.Operation.WRITE, conn, conn.write(buffer)),
              written -> {
                buffer.clear();
                return Task.completed(!written.failed());
              });
        }));
    return Steps.then(echoing, done -> close(conn));
  }

  // ---------------------------------------------------------------- client

  /**
   * Connects to {@code address} again and again while {@code more} says so, each time sending
   * {@code exchanges} messages and checking each echo, then closing.
   */
  Task<Void> client(SocketAddress address, int exchanges, BooleanSupplier more) {
    return Steps.repeat(() -> more.getAsBoolean()
        ? Steps.then(connection(address, exchanges), done -> Task.completed(true))
        : Task.completed(false));
  }

  private Task<Void> connection(SocketAddress address, int exchanges) {
    return Steps.then(observe(Faults.Operation.CONNECT, null, AsyncTcpStream.connect(address)),
        connected -> {
          if (connected.failed()) {
            return Task.completed(null);
          }
          AsyncTcpStream conn = connected.value();
          conn.setReadTimeout(READ_TIMEOUT);
          int[] left = {exchanges};
          Task<Void> talking = Steps.repeat(() -> left[0]-- == 0
              ? Task.completed(false) : exchange(conn));
          return Steps.then(talking, done -> close(conn));
        });
  }

  /** One message and its echo; false if the connection failed or ended. */
  private Task<Boolean> exchange(AsyncTcpStream conn) {
    byte[] sent = String.format("message %08d", messages++).getBytes(StandardCharsets.US_ASCII);
    return Steps.then(observe(Faults.Operation.WRITE, conn, conn.write(ByteBuffer.wrap(sent))),
        written -> {
          if (written.failed()) {
            return Task.completed(false);
          }
          ByteBuffer reply = ByteBuffer.allocate(MESSAGE);
          return Steps.then(readFully(conn, reply), full -> {
            if (full && !Arrays.equals(sent, reply.array())) {
              corrupted++;
            }
            return Task.completed(full);
          });
        });
  }

  /** Reads until {@code buffer} is full: true, or false on a failure or end of stream. */
  private Task<Boolean> readFully(AsyncTcpStream conn, ByteBuffer buffer) {
    boolean[] ok = {true};
    return Steps.then(Steps.repeat(() -> !buffer.hasRemaining() ? Task.completed(false)
        : Steps.then(observe(Faults.Operation.READ, conn, conn.read(buffer)), read -> {
          ok[0] = !read.failed() && read.value() >= 0;
          return Task.completed(ok[0]);
        })), done -> Task.completed(ok[0]));
  }

  private Task<Void> close(AsyncTcpStream conn) {
    return Steps.then(observe(Faults.Operation.CLOSE, conn, conn.close()),
        closed -> Task.completed(null));
  }
}
