package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.TaskScope;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.sync.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * One client of {@link ChatServer}: two tasks tied together in a {@link TaskScope}. The reader
 * cuts what the client sends into lines ({@link ChatLines}) and hands each to the
 * {@link ChatRoom}, which puts it in every other client's inbox; the writer takes lines from this
 * client's own inbox, a bounded {@link Channel}, and writes them to the socket, as many at once
 * as fit in one write. So a client that reads slowly only fills its own inbox, and the room
 * disconnects it when the inbox stays full ({@link ChatRoom}).
 *
 * <p>The two tasks end together. The reader ends when the client closes, breaks a rule (a line
 * too long or malformed: it queues an error line), or stays silent for the idle timeout (it
 * queues a notice); it then closes the inbox, and the writer ends once it has written what the
 * inbox held. The writer ends when the inbox is closed and drained (the reader's doing, or the
 * server's at shutdown); the scope's body then cancels the reader. Either failing (a reset
 * socket) fails the scope, which cancels the other; and {@link #disconnect} cancels the scope, so
 * both stop where they are. Only then does the socket close.
 *
 * <p>Loop thread only, like everything in it; only the inbox is shared with other tasks.
 */
final class ChatConnection {
  /** How much of what a refused client still sends is read and dropped before closing. */
  static final int LINGER_BYTES = 64 * 1024;
  static final Duration MAX_LINGER = Duration.ofSeconds(2);

  private final long id;
  private final byte[] prefix;
  private final AsyncTcpStream stream;
  private final ChatRoom room;
  private final ChatOptions options;
  private final Trace trace;
  private final Channel<byte[]> inbox;
  private final ChatLines lines;
  /** What the writer sends: one line at least, so as many as fit. */
  private final ByteBuffer out;

  /** The reader and writer's scope, once started; {@link #disconnect} cancels it. */
  private Task<Void> session;
  /** Why the connection ends, once known, as the trace prints it; then {@link #endDetail}. */
  private String endEvent;
  private Object endDetail;
  /** {@link #finish} was called: unless something else ended it, the server's stop did. */
  private boolean serverStopping;
  /** The reader stopped with input unread: read it away before closing, so our error arrives. */
  private boolean lingerBeforeClose;

  ChatConnection(long id, AsyncTcpStream stream, ChatRoom room, ChatOptions options,
      Trace trace) {
    this.id = id;
    this.prefix = (name(id) + ": ").getBytes(StandardCharsets.UTF_8);
    this.stream = stream;
    this.room = room;
    this.options = options;
    this.trace = trace;
    this.inbox = Channel.bounded(options.queueCapacity());
    this.lines = new ChatLines(options.maxLineBytes());
    this.out = ByteBuffer.allocate(Math.max(16 * 1024, prefix.length + options.maxLineBytes()
        + ChatRoom.LONGEST_NOTICE));
    stream.setReadTimeout(options.idleTimeout()); // loop thread: made in the accept loop
  }

  /** How clients are named in what others receive: {@code user7: hello}. */
  static String name(long id) {
    return "user" + id;
  }

  long id() {
    return id;
  }

  /** Starts serving the client; it joins the room, chats, and leaves it when done. */
  void start() {
    EventLoop.spawn(serve());
  }

  /**
   * Puts {@code line} in this client's inbox if there is room. False if the inbox is full; true
   * also when the client is leaving (its inbox closed), as it wants nothing more.
   */
  boolean offer(byte[] line) {
    return inbox.trySend(line) || inbox.isClosed();
  }

  /**
   * Puts {@code line} in the inbox, waiting at most {@code grace} for room; if the inbox stays
   * full that long, disconnects the client as too slow. Never fails: a client that leaves
   * meanwhile wants the line no more.
   */
  @Async
  Task<Void> offerWithin(byte[] line, Duration grace) {
    if (trace.enabled()) {
      trace.connection(id, "queue full", "a line waits up to " + grace.toMillis() + " ms for"
          + " room");
    }
    try {
      await(inbox.send(line).orTimeout(grace));
    } catch (Exception failure) {
      if (failure instanceof TimeoutException) {
        disconnect("too slow", "its queue of " + options.queueCapacity() + " lines stayed full for "
            + grace.toMillis() + " ms");
      } else if (!(failure instanceof IllegalStateException)) { // closed: it is leaving
        throw failure;
      }
    }
    return Task.completed();
  }

  /**
   * Ends the connection now, whatever its tasks are doing: what its inbox holds is dropped.
   * Sends nothing to the client, whose inbox has no room for it anyway when it is too slow.
   */
  void disconnect(String event, Object detail) {
    ending(event, detail);
    inbox.close();
    // Emptied, so that sends still waiting for room finish now instead of at their timeouts.
    while (inbox.tryReceive() != null) {
      // dropped: the client is being disconnected
    }
    if (session != null) {
      session.cancel();
    }
  }

  /**
   * Ends the connection once the client has received what its inbox holds and then
   * {@code farewell}, if there is room for it: the server is stopping.
   */
  void finish(String farewell) {
    serverStopping = true;
    inbox.trySend(notice(farewell));
    inbox.close();
  }

  private void ending(String event, Object detail) {
    if (endEvent == null) {
      endEvent = event;
      endDetail = detail;
    }
  }

  static byte[] notice(String text) {
    return ("* " + text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Async
  private Task<Void> serve() {
    trace.handlingStarted(id, stream.remoteAddress());
    try {
      inbox.trySend(notice("welcome, you are " + name(id) + "; " + room.size() + " other(s)"
          + " here"));
      await(room.join(this));
      // Even if it was disconnected or told to finish while it joined: the writer then sends
      // what is left in the inbox, if anything, and ends, and the reader with it.
      session = TaskScope.run(this::session);
      await(session);
    } catch (Exception failure) {
      if (failure instanceof CancellationException && endEvent != null) {
        // disconnect(): already said why
      } else if (failure instanceof IOException) {
        ending("io error", failure);
      } else {
        ending("failed", failure);
        room.connectionFailed(this, failure);
      }
    } finally {
      if (endEvent == null) {
        ending(serverStopping ? "server stopping" : "client closed",
            serverStopping ? "shutdown" : "end of stream");
      }
      trace.connection(id, endEvent, endDetail);
      room.leave(this, endEvent.equals("client closed") ? "left" : "left (" + endEvent + ")");
      try {
        if (lingerBeforeClose) {
          await(linger());
        }
      } finally {
        trace.handlingFinished(id);
        trace.droppingStream(id); // and in the same turn, closed and out of the room
        try {
          await(stream.close());
        } finally {
          room.closed(this);
        }
      }
    }
    return Task.completed();
  }

  /** The scope's body: starts the writer and the reader; the reader ends with the writer. */
  @Async
  private Task<Void> session(TaskScope scope) {
    Task<Void> writer = scope.spawn(this::writeAll);
    Task<Void> reader = scope.spawn(this::readAll);
    await(writer);
    reader.cancel();
    return Task.completed();
  }

  /** Writes what the inbox receives until it is closed and drained. */
  @Async
  private Task<Void> writeAll() {
    byte[] line = await(inbox.receive());
    while (line != null) {
      out.clear();
      do {
        out.put(line);
        line = inbox.tryReceive();
      } while (line != null && line.length <= out.remaining());
      out.flip();
      await(stream.write(out));
      if (line == null) {
        line = await(inbox.receive());
      }
    }
    return Task.completed();
  }

  /**
   * Hands every line the client sends to the room, until the client closes, breaks a rule or
   * stays silent too long; then closes the inbox, so that the writer ends once it has written
   * what is queued (an error line among it).
   */
  @Async
  private Task<Void> readAll() {
    try {
      while (true) {
        ByteBuffer room = lines.room();
        int space = room.remaining();
        int count = await(stream.read(room));
        lines.received();
        if (count < 0) {
          return Task.completed();
        }
        for (byte[] line; (line = lines.next(prefix)) != null; ) {
          await(this.room.broadcast(this, line));
        }
        if (count == space) {
          // More is likely waiting, and the next read would take it at once: let the writers
          // (and everyone else) run first, so that a client who floods cannot fill the inboxes
          // of the others faster than their writers empty them.
          await(EventLoop.yieldNow());
        }
      }
    } catch (ChatLines.BadLine bad) {
      ending("bad line", bad.getMessage());
      lingerBeforeClose = true;
      inbox.trySend(notice("error: " + bad.getMessage() + "; closing"));
    } catch (Exception failure) {
      if (!(failure instanceof TimeoutException)) {
        throw failure;
      }
      ending("idle timeout", options.idleTimeout());
      inbox.trySend(notice("idle for " + options.idleTimeout().toMillis() + " ms; closing"));
    } finally {
      inbox.close();
    }
    return Task.completed();
  }

  /**
   * Ends our side, then reads and drops what the client still sends, until it closes or a bound
   * is reached: closing a socket with unread input makes the kernel send a reset, which can
   * destroy our error line before the client reads it.
   */
  @Async
  private Task<Void> linger() {
    Duration idle = options.idleTimeout();
    stream.setReadTimeout(idle.compareTo(MAX_LINGER) < 0 ? idle : MAX_LINGER);
    ByteBuffer dropped = ByteBuffer.allocate(4096);
    try {
      await(stream.shutdownOutput());
      for (int total = 0; total < LINGER_BYTES; total += dropped.position()) {
        dropped.clear();
        if (await(stream.read(dropped)) < 0) {
          break;
        }
      }
    } catch (Exception gone) {
      // a reset, a timeout: the client has had its chance to read the error
    }
    return Task.completed();
  }

  @Override
  public String toString() {
    return "ChatConnection[" + name(id) + ", " + stream + "]";
  }
}
