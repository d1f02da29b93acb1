package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Steps;
import dev.spindle.Task;
import dev.spindle.loop.LoopAccess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One connection at a time: ends of stream, resets, closes and the one-at-a-time rules. */
class StreamRulesTest {
  @AfterEach
  void uninstallTrace() {
    IoTrace.install(null);
  }

  /** Runs {@code body} with a connected (server, client) pair on a fresh loop. */
  private static <T> T withPair(PairBody<T> body) {
    return EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      Task<AsyncTcpStream> accepted = listener.accept();
      return Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(accepted, server -> {
            listener.close();
            return body.run(server, client);
          }));
    });
  }

  interface PairBody<T> {
    Task<T> run(AsyncTcpStream server, AsyncTcpStream client);
  }

  @Test
  @Timeout(10)
  void halfCloseGivesEndOfStreamWhileTheOtherDirectionStillWorks() {
    List<String> seen = withPair((server, client) -> {
      List<String> events = new ArrayList<>();
      ByteBuffer request = ByteBuffer.allocate(16);
      Task<Void> serverSide = Steps.then(Loopback.readFully(server, request), n -> {
        events.add("server read " + Loopback.ascii(request, n) + " then end of stream");
        return Steps.then(server.write(Loopback.ascii("pong")), w -> server.close());
      });
      Task<Void> clientSide = Steps.then(client.write(Loopback.ascii("ping")),
          w -> Steps.then(client.shutdownOutput(), s -> {
            ByteBuffer reply = ByteBuffer.allocate(16);
            return Steps.then(Loopback.readFully(client, reply), n -> {
              events.add("client read " + Loopback.ascii(reply, n) + " then end of stream");
              ByteBuffer more = ByteBuffer.allocate(1);
              return Steps.then(client.read(more), eof -> {
                events.add("client read again: " + eof);
                return client.close();
              });
            });
          }));
      return Steps.then(Task.all(serverSide, clientSide), done -> Task.completed(events));
    });
    assertEquals(List.of("server read ping then end of stream",
        "client read pong then end of stream", "client read again: -1"), seen);
  }

  @Test
  @Timeout(10)
  void peerResetFailsThePendingReadWithTheIoException() throws Exception {
    CompletableFuture<Socket> blockingClient = new CompletableFuture<>();
    Promise<Void> readIsPending = new Promise<>();
    Thread resetter = new Thread(() -> {
      try {
        Socket socket = blockingClient.get(5, TimeUnit.SECONDS);
        readIsPending.task().toCompletableFuture().get(5, TimeUnit.SECONDS);
        socket.setSoLinger(true, 0); // close sends RST instead of FIN
        socket.close();
      } catch (Exception e) {
        blockingClient.completeExceptionally(e);
      }
    }, "resetter");
    Throwable failure = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      InetSocketAddress address = (InetSocketAddress) listener.localAddress();
      resetter.start();
      Thread connector = new Thread(() -> {
        try {
          blockingClient.complete(new Socket(address.getAddress(), address.getPort()));
        } catch (IOException e) {
          blockingClient.completeExceptionally(e);
        }
      }, "connector");
      connector.start();
      return Steps.then(listener.accept(), server -> {
        listener.close();
        Task<Integer> read = server.read(ByteBuffer.allocate(16));
        assertFalse(read.isDone(), "nothing was sent: the read must wait");
        readIsPending.complete(null);
        return Steps.then(catching(read), error -> Steps.then(server.close(),
            closed -> Task.completed(error)));
      });
    });
    resetter.join();
    assertInstanceOf(IOException.class, failure);
    assertFalse(failure instanceof ChannelClosedException, failure.toString());
  }

  @Test
  @Timeout(10)
  void closeFailsThePendingReadWithAClearException() {
    Object[] outcome = withPair((server, client) -> {
      Task<Integer> read = server.read(ByteBuffer.allocate(16));
      assertFalse(read.isDone());
      assertTrue(server.registration().isRegistered());
      return Steps.then(server.close(), closed -> Steps.then(catching(read),
          error -> Steps.then(client.close(), c -> Task.completed(new Object[] {
              error, server.registration().isRegistered(), server.isOpen()}))));
    });
    Throwable error = (Throwable) outcome[0];
    assertInstanceOf(ChannelClosedException.class, error);
    assertTrue(error.getMessage().startsWith("AsyncTcpStream.read() on AsyncTcpStream[/127.0.0.1:"),
        error.getMessage());
    assertTrue(error.getMessage().endsWith(" was pending when the channel was closed; the"
        + " operation did not complete"), error.getMessage());
    assertEquals(false, outcome[1], "the key must be cancelled");
    assertEquals(false, outcome[2]);
  }

  @Test
  @Timeout(10)
  void aSecondConcurrentReadIsRejectedNamingTheRule() {
    String[] messages = withPair((server, client) -> {
      Task<Integer> first = server.read(ByteBuffer.allocate(16));
      Task<Integer> second = server.read(ByteBuffer.allocate(16));
      Task<Void> firstWrite = client.write(ByteBuffer.allocate(8 << 20));
      Task<Void> secondWrite = client.write(ByteBuffer.allocate(16));
      String readMessage = second.failureNow().getMessage();
      String writeMessage = secondWrite.failureNow().getMessage();
      first.cancel();
      firstWrite.cancel();
      return Steps.then(server.close(), a -> Steps.then(client.close(),
          b -> Task.completed(new String[] {readMessage, writeMessage, server.toString(),
              client.toString()})));
    });
    assertEquals("AsyncTcpStream.read() must not be called while another read is pending on "
        + messages[2] + ": one read at a time per stream; await the first read before starting"
        + " the next", messages[0]);
    assertEquals("AsyncTcpStream.write() must not be called while another write is pending on "
        + messages[3] + ": one write at a time per stream; await the first write before"
        + " starting the next", messages[1]);
  }

  @Test
  @Timeout(10)
  void aReadOfAReadableSocketCompletesWithoutTouchingTheSelector() {
    List<String> trace = new ArrayList<>();
    Object[] outcome = withPair((server, client) -> Steps.then(
        client.write(Loopback.ascii("ab")), written -> {
          ByteBuffer one = ByteBuffer.allocate(1);
          // The first read may wait for the segment; once one byte is here, both are.
          return Steps.then(server.read(one), first -> {
            IoTrace.install(trace::add);
            int keysBefore = LoopAccess.get().reactor(EventLoop.current()).keys().size();
            one.clear();
            Task<Integer> second = server.read(one);
            IoTrace.install(null);
            Object[] result = {second.isDone(), second.isDone() ? second.resultNow() : null,
                keysBefore, LoopAccess.get().reactor(EventLoop.current()).keys().size(), (char) one.get(0)};
            return Steps.then(server.close(), a -> Steps.then(client.close(),
                b -> Task.completed(result)));
          });
        }));
    assertEquals(true, outcome[0], "the byte was already there: the read must finish at once");
    assertEquals(1, outcome[1]);
    assertEquals(outcome[2], outcome[3], "no key may be added");
    assertEquals('b', outcome[4]);
    assertEquals(List.of(), trace, "no reactor event for an optimistic read");
  }

  @Test
  @Timeout(10)
  void cancellingAPendingReadDeregistersItsKeyAndTheStreamStaysUsable() {
    Object[] outcome = withPair((server, client) -> {
      Task<Integer> read = server.read(ByteBuffer.allocate(16));
      SelectionKey key = keyOf(server);
      boolean registeredForRead = key != null && (key.interestOps() & SelectionKey.OP_READ) != 0;
      assertTrue(read.cancel());
      boolean registeredAfterCancel = server.registration().isRegistered();
      return Steps.then(EventLoop.yieldNow(), turned -> {
        // After one select the selector has dropped the cancelled key.
        boolean keyLeft = keyOf(server) != null;
        ByteBuffer again = ByteBuffer.allocate(16);
        Task<Integer> secondRead = Loopback.readFully(server, again);
        return Steps.then(client.write(Loopback.ascii("after cancel")), w -> Steps.then(
            client.shutdownOutput(), s -> Steps.then(secondRead, n -> {
              Object[] result = {registeredForRead, read.isCancelled(), registeredAfterCancel,
                  keyLeft, Loopback.ascii(again, n)};
              return Steps.then(server.close(), a -> Steps.then(client.close(),
                  b -> Task.completed(result)));
            })));
      });
    });
    assertEquals(true, outcome[0], "a read that would block registers OP_READ");
    assertEquals(true, outcome[1]);
    assertEquals(false, outcome[2], "cancel must cancel the key at once");
    assertEquals(false, outcome[3], "the selector must hold no key of the stream");
    assertEquals("after cancel", outcome[4]);
  }

  @Test
  @Timeout(10)
  void aReadRightAfterACancelledOneRegistersAgainBeforeTheSelectorDroppedTheOldKey() {
    String got = withPair((server, client) -> {
      assertTrue(server.read(ByteBuffer.allocate(16)).cancel());
      ByteBuffer buffer = ByteBuffer.allocate(16);
      Task<Integer> again = Loopback.readFully(server, buffer); // same turn: old key still held
      assertTrue(server.registration().isRegistered());
      return Steps.then(client.write(Loopback.ascii("second read")), w -> Steps.then(
          client.shutdownOutput(), s -> Steps.then(again, n -> Steps.then(server.close(),
              a -> Steps.then(client.close(), b -> Task.completed(Loopback.ascii(buffer, n)))))));
    });
    assertEquals("second read", got);
  }

  @Test
  @Timeout(10)
  void cancellingAPendingWriteDropsOpWriteAndTheKey() {
    Object[] outcome = withPair((server, client) -> {
      Task<Void> write = client.write(ByteBuffer.allocate(32 << 20));
      boolean writeInterest =
          (client.registration().interestOps() & SelectionKey.OP_WRITE) != 0;
      assertTrue(write.cancel());
      Object[] result = {writeInterest, client.registration().isRegistered(),
          write.isCancelled()};
      return Steps.then(server.close(), a -> Steps.then(client.close(),
          b -> Task.completed(result)));
    });
    assertEquals(true, outcome[0], "32 MiB cannot fit: OP_WRITE while the buffer is full");
    assertEquals(false, outcome[1]);
    assertEquals(true, outcome[2]);
  }

  @Test
  @Timeout(10)
  void cancellingAReadFromAnotherThreadIsHandedToTheLoop() {
    Object[] outcome = withPair((server, client) -> {
      Task<Integer> read = server.read(ByteBuffer.allocate(16));
      Promise<Boolean> cancelledElsewhere = new Promise<>();
      Thread canceller = new Thread(() -> cancelledElsewhere.complete(read.cancel()), "canceller");
      canceller.start();
      return Steps.then(cancelledElsewhere.task(), cancelled -> Steps.then(catching(read),
          error -> Steps.then(EventLoop.yieldNow(), t1 -> Steps.then(EventLoop.yieldNow(), t2 -> {
            Object[] result = {cancelled, error, server.registration().isRegistered(),
                keyOf(server) == null};
            return Steps.then(server.close(), a -> Steps.then(client.close(),
                b -> Task.completed(result)));
          }))));
    });
    assertEquals(true, outcome[0]);
    assertInstanceOf(CancellationException.class, outcome[1]);
    assertEquals(false, outcome[2]);
    assertEquals(true, outcome[3]);
  }

  @Test
  @Timeout(10)
  void incomingEndsWithNullWhenTheListenerCloses() {
    Object[] outcome = EventLoop.run(() -> {
      AsyncTcpListener listener = AsyncTcpListener.bind(Loopback.anyPort());
      AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
      Task<AsyncTcpStream> first = Steps.then(AsyncTcpStream.connect(listener.localAddress()),
          client -> Steps.then(incoming.next(), server -> Steps.then(client.close(),
              c -> Steps.then(server.close(), s -> Task.completed(server)))));
      return Steps.then(first, server -> {
        Task<AsyncTcpStream> pending = incoming.next();
        boolean pendingBeforeClose = !pending.isDone();
        listener.close();
        Task<AsyncTcpStream> accept = listener.accept();
        return Steps.then(pending, end -> Steps.then(incoming.next(), after -> Task.completed(
            new Object[] {server != null, pendingBeforeClose, end, after,
                accept.failureNow()})));
      });
    });
    assertEquals(true, outcome[0]);
    assertEquals(true, outcome[1]);
    assertNull(outcome[2]);
    assertNull(outcome[3]);
    assertInstanceOf(ChannelClosedException.class, outcome[4]);
  }

  @Test
  @Timeout(10)
  void connectToAClosedPortFailsWithConnectException() throws IOException {
    InetSocketAddress closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = (InetSocketAddress) probe.getLocalSocketAddress();
    }
    Throwable failure = EventLoop.run(() -> catching(AsyncTcpStream.connect(closedPort)));
    assertInstanceOf(ConnectException.class, failure);
  }

  @Test
  @Timeout(10)
  void streamsKnowBothAddresses() {
    Object[] outcome = withPair((server, client) -> {
      Object[] result = {server.localAddress(), server.remoteAddress(), client.localAddress(),
          client.remoteAddress()};
      return Steps.then(server.close(), a -> Steps.then(client.close(),
          b -> Task.completed(result)));
    });
    assertEquals(outcome[0], outcome[3]);
    assertEquals(outcome[1], outcome[2]);
  }

  @Test
  @Timeout(10)
  void operationsOffTheLoopThreadAreRefused() throws Exception {
    AsyncTcpStream[] stream = new AsyncTcpStream[1];
    withPair((server, client) -> {
      stream[0] = server;
      return Steps.then(client.close(), c -> Task.completed(null));
    });
    Task<Integer> read = stream[0].read(ByteBuffer.allocate(1));
    assertTrue(read.failureNow().getMessage().startsWith("AsyncTcpStream.read() must be called"
        + " on the stream's event-loop thread"), read.failureNow().getMessage());
    assertSame(IllegalStateException.class, read.failureNow().getClass());
  }

  /** The failure of {@code task} once it finishes, or {@code null} if it succeeds. */
  static Task<Throwable> catching(Task<?> task) {
    Promise<Throwable> failure = new Promise<>();
    task.whenDone(done -> failure.complete(done.failureNow()));
    return failure.task();
  }

  private static SelectionKey keyOf(AsyncTcpStream stream) {
    for (SelectionKey key : LoopAccess.get().reactor(EventLoop.current()).keys()) {
      if (key.attachment() == stream.registration()) {
        return key;
      }
    }
    return null;
  }
}
