package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Promise;
import dev.spindle.Task;
import dev.spindle.TaskScope;
import dev.spindle.io.AsyncIterator;
import dev.spindle.io.AsyncTcpListener;
import dev.spindle.io.AsyncTcpStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The accepting side of {@link ChatServer} and the set of clients it serves: each line a client
 * sends goes to every other client's inbox, a bounded {@link dev.spindle.sync.Channel} its own
 * writer drains ({@link ChatConnection}).
 *
 * <p><b>When a client is too slow.</b> A line is offered to each inbox without waiting
 * ({@code trySend}). When an inbox is full, the sender's line waits for room there, for at most
 * {@link ChatOptions#slowGrace()} (all full inboxes at once, in a {@link TaskScope}); a client
 * whose inbox stays full that long is disconnected, and the line goes on. So a client that stops
 * reading costs the others a delay of at most the grace period, once, and never a lost line;
 * a burst that fills a healthy client's inbox for an instant only slows its senders down to its
 * pace, as TCP would. With a grace of 0 a full inbox disconnects its client at once, and no sender
 * ever waits. Each sender's lines reach each client in the order sent, as the sender's reader
 * hands the room one line at a time and waits until it is in every inbox.
 *
 * <p>Notices ({@code * user7 joined}) travel the same way. Loop thread only: the clients are one
 * array, replaced when one joins or leaves, so a broadcast walks it without a copy while
 * disconnects change the room.
 */
final class ChatRoom {
  /** Longer than any notice or error line the server writes. */
  static final int LONGEST_NOTICE = 512;
  private static final ChatConnection[] NOBODY = new ChatConnection[0];
  private static final Task<Void> DELIVERED = Task.completed();

  private final ChatOptions options;
  private final Trace trace;
  private final AsyncTcpListener listener;
  private final InetSocketAddress localAddress;
  /** Every connection, from its acceptance to its close; replaced, never changed in place. */
  private ChatConnection[] open = NOBODY;
  /** The clients that receive lines: those that have joined and not left. */
  private ChatConnection[] members = NOBODY;
  private long accepted;
  private boolean stopping;
  /** Completed when the last connection closes during shutdown. */
  private Promise<Void> allClosed;

  private ChatRoom(ChatOptions options, Trace trace, AsyncTcpListener listener) {
    this.options = options;
    this.trace = trace;
    this.listener = listener;
    this.localAddress = (InetSocketAddress) listener.localAddress();
  }

  /**
   * Binds the listening socket.
   *
   * @throws java.io.UncheckedIOException if the address cannot be bound
   */
  static ChatRoom bind(ChatOptions options, Trace trace) {
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    return new ChatRoom(options, trace, AsyncTcpListener.bind(address));
  }

  InetSocketAddress localAddress() {
    return localAddress;
  }

  /** How many clients receive lines now. */
  int size() {
    return members.length;
  }

  /**
   * Serves until {@code stopRequested} finishes (or accepting fails), then stops accepting,
   * sends each client what is queued for it and a farewell, and closes; clients still not done
   * after the shutdown timeout are disconnected.
   */
  @Async
  Task<Void> serve(Task<Void> stopRequested) {
    Task<Void> accepting = acceptAll();
    await(FirstOf.firstOf(stopRequested, accepting));
    listener.close(); // a pending incoming().next() ends with null, and so does the accept loop
    await(accepting); // throws if accepting failed
    stopping = true;
    trace.server("Shutdown: stopped accepting; " + open.length + " connection(s) open");
    await(closeAll());
    trace.server("Shutdown: done");
    return Task.completed();
  }

  /** Lets every client receive what is queued for it and a farewell, then closes them all. */
  @Async
  private Task<Void> closeAll() {
    if (open.length == 0) {
      return Task.completed();
    }
    allClosed = new Promise<>();
    for (ChatConnection connection : open) {
      connection.finish("the server is stopping; goodbye");
    }
    try {
      await(allClosed.task().orTimeout(options.shutdownTimeout()));
    } catch (Exception failure) {
      if (!(failure instanceof TimeoutException)) {
        throw failure;
      }
      System.err.println("ChatServer: " + open.length + " client(s) still receiving after "
          + options.shutdownTimeout().toMillis() + " ms of shutdown; disconnecting them");
      allClosed = new Promise<>();
      for (ChatConnection connection : open) {
        connection.disconnect("shutdown timeout", options.shutdownTimeout());
      }
      await(allClosed.task());
    }
    return Task.completed();
  }

  @Async
  private Task<Void> acceptAll() {
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    for (AsyncTcpStream stream; (stream = await(incoming.next())) != null; ) {
      ChatConnection connection = new ChatConnection(++accepted, stream, this, options, trace);
      open = with(open, connection);
      connection.start();
    }
    return Task.completed();
  }

  /** Makes {@code client} a member and tells the others. */
  Task<Void> join(ChatConnection client) {
    members = with(members, client);
    return broadcast(client, ChatConnection.notice(ChatConnection.name(client.id()) + " joined"));
  }

  /** {@code client} has ended: it receives nothing more, the others are told (not awaited). */
  void leave(ChatConnection client, String how) {
    int before = members.length;
    members = without(members, client);
    if (members.length < before && !stopping) {
      EventLoop.spawn(broadcast(client,
          ChatConnection.notice(ChatConnection.name(client.id()) + " " + how)));
    }
  }

  /** {@code client}'s connection has closed. */
  void closed(ChatConnection client) {
    open = without(open, client);
    if (allClosed != null && open.length == 0) {
      allClosed.complete(null);
    }
  }

  /**
   * Puts {@code line} in the inbox of every member but {@code from}, waiting only for full
   * inboxes, and for each at most the grace period (see the class comment). Finishes when the
   * line is in every inbox or its client has been disconnected; never fails.
   */
  Task<Void> broadcast(ChatConnection from, byte[] line) {
    List<ChatConnection> full = null;
    for (ChatConnection member : members) {
      if (member != from && !member.offer(line)) {
        if (full == null) {
          full = new ArrayList<>();
        }
        full.add(member);
      }
    }
    return full == null ? DELIVERED : deliverLate(full, line);
  }

  /** Each of {@code full} gets {@code line} within the grace period, or is disconnected. */
  private Task<Void> deliverLate(List<ChatConnection> full, byte[] line) {
    Duration grace = options.slowGrace();
    if (grace.isZero()) {
      for (ChatConnection slow : full) {
        slow.disconnect("too slow", "its queue of " + options.queueCapacity() + " lines was full");
      }
      return DELIVERED;
    }
    return TaskScope.run(scope -> {
      for (ChatConnection slow : full) {
        scope.spawn(() -> slow.offerWithin(line, grace));
      }
      return DELIVERED;
    });
  }

  /** A connection ended by a failure that was not the client's doing. */
  void connectionFailed(ChatConnection client, Throwable failure) {
    System.err.println("ChatServer: " + client + " failed: " + failure);
    failure.printStackTrace();
  }

  private static ChatConnection[] with(ChatConnection[] clients, ChatConnection client) {
    ChatConnection[] grown = Arrays.copyOf(clients, clients.length + 1);
    grown[clients.length] = client;
    return grown;
  }

  private static ChatConnection[] without(ChatConnection[] clients, ChatConnection client) {
    for (int i = 0; i < clients.length; i++) {
      if (clients[i] == client) {
        ChatConnection[] shrunk = new ChatConnection[clients.length - 1];
        System.arraycopy(clients, 0, shrunk, 0, i);
        System.arraycopy(clients, i + 1, shrunk, i, clients.length - i - 1);
        return shrunk;
      }
    }
    return clients;
  }
}
