package dev.spindle.examples;

import static dev.spindle.Await.await;

import dev.spindle.Async;
import dev.spindle.EventLoop;
import dev.spindle.Task;
import dev.spindle.examples.http.ChunkedDecoder;
import dev.spindle.examples.http.ConnectionHeader;
import dev.spindle.examples.http.HttpException;
import dev.spindle.examples.http.Method;
import dev.spindle.examples.http.Request;
import dev.spindle.examples.http.RequestParser;
import dev.spindle.examples.http.ResponseWriter;
import dev.spindle.examples.http.Route;
import dev.spindle.examples.http.Status;
import dev.spindle.io.AsyncByteStream;
import dev.spindle.io.AsyncTcpStream;
import dev.spindle.io.AsyncTlsStream;
import dev.spindle.io.NotTlsRecordException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * One client connection of {@link HelloServer}: reads requests, answers them in order, closes.
 *
 * <p>The methods marked {@link Async} read like blocking code (read, parse, answer, write,
 * flush, close) but each {@code await} of a socket that is not ready suspends the method and
 * frees the event-loop thread for other connections, as an {@code async fn} does in Rust.
 *
 * <p>Buffers are held only while bytes flow, as Netty allocates its read buffer only once the
 * socket is readable: an idle connection waits on {@link AsyncTcpStream#readable()} holding
 * none, takes {@link #in} from the server's {@link BufferPool} when bytes arrive, and gives it
 * back once every byte it holds has been consumed; a partial request keeps {@link #in} (the
 * parser's place is in it) and nothing else. {@link #out} is taken when an answer is written and
 * given back when it has left, so between requests a connection holds no buffer at all (see
 * {@code IdleBuffersTest}). The {@link #parser} and {@link #request} come and go with {@link #in}
 * (from the server's pool), so an idle connection holds neither. {@link #in} holds what the client sent and we have not consumed (read
 * mode), {@link #out} what we will send (write mode). Answers to pipelined requests collect in
 * {@link #out} and leave together when the input runs dry, so a burst of requests costs one
 * write. Neither buffer grows: heads are bounded by the parser, bodies stream through (chunked
 * ones through a {@link ChunkedDecoder}, in place).
 *
 * <p>A kept-alive request costs little: the connection waits for bytes in one suspended frame
 * ({@link #serve}, made at its first wait and reused), and the idle timeout is the stream's
 * read timeout, one timer per connection re-armed lazily, not a timer per read. A request that
 * waits for its bytes allocates only the readiness wait's task (see
 * {@code KeepAliveAllocationTest}).
 *
 * <p>A failure that is not the client's doing (a {@link Handler}'s or ours, {@code Error}s
 * included: a stack overflow, an allocation too large) ends this connection only: it is
 * reported to the server's {@link ServerHooks#failures()}, answered {@code 500} if no byte of the
 * answer has left, and the connection closes.
 *
 * <p>Loop thread only, like everything in it.
 */
final class HttpConnection {
  static final int BUFFER_BYTES = 16 * 1024;
  static final int MAX_HEAD_BYTES = 8 * 1024;
  /** After refusing a request, read at most this much of what still arrives before closing. */
  static final int LINGER_BYTES = 64 * 1024;
  static final Duration MAX_LINGER = Duration.ofSeconds(2);

  /** One array for every connection's parser (24 bytes each otherwise). */
  private static final String[] KNOWN_TARGETS = {Route.ROOT, Route.ECHO_PATH};
  private static final Task<Boolean> KEEP_OPEN = Task.completed(true);
  private static final Task<Boolean> THEN_CLOSE = Task.completed(false);

  private final long id;
  private final AsyncTcpStream tcp;
  /** {@link #tcp}, or the TLS stream over it once the handshake is done. */
  private AsyncByteStream stream;
  /** Also holds what every connection of the loop shares: options, response writer, pools. */
  private final HttpServer server;
  private final Trace trace;

  /** From the server's {@link BufferPool} while input is buffered, else {@code null}. */
  private ByteBuffer in;
  /** From the server's {@link BufferPool} while an answer is being written, else {@code null}. */
  private ByteBuffer out;
  /** From the server's pool with {@link #in}, and given back with it; else {@code null}. */
  private RequestParser parser;
  /** The request {@link #parser} fills; taken and given back with it. */
  private Request request;
  /** Made for the first chunked body: most connections never see one. */
  private ChunkedDecoder chunked;

  /** Waiting for the first byte of a request, with nothing left to send: safe to cancel. */
  private boolean idle;
  /** The server is stopping: answer the request in hand, then close. */
  private boolean draining;
  /** Part of the current response has been written; an error can no longer be answered. */
  private boolean responseStarted;
  private Task<Void> task;
  /** Links in the server's list of open connections (a set would cost a node each). */
  HttpConnection previousOpen;
  HttpConnection nextOpen;

  HttpConnection(long id, AsyncTcpStream stream, HttpServer server, Trace trace) {
    this.id = id;
    this.tcp = stream;
    this.stream = stream;
    this.server = server;
    this.trace = trace;
    // Loop thread: connections are made in the accept loop. TLS reads wait on TCP reads, so it
    // bounds them, and the handshake, too.
    tcp.setReadTimeout(idleTimeout());
  }

  /** A parser for the server's pool, which lends it to a connection while a request arrives. */
  static RequestParser newParser() {
    return new RequestParser(MAX_HEAD_BYTES, KNOWN_TARGETS);
  }

  /** Starts serving; a failure other than the client's doing is reported through the server. */
  void start() {
    task = EventLoop.spawn(serve());
  }

  /** Lets the request in hand finish, then closes; closes at once if between requests. */
  void stopAfterCurrentRequest() {
    draining = true;
    if (idle) {
      task.cancel();
    }
  }

  /** Closes now, whatever it is doing. */
  void abort() {
    task.cancel();
  }

  /**
   * Answers requests in order until the client closes, stays idle between requests, or one of
   * them ends the connection; then closes. Every wait for bytes is an {@code await} in this
   * method itself, so an idle connection suspends in one frame, made at its first wait and
   * reused for every request (a loop in a method of its own would be a second frame).
   */
  @Async
  private Task<Void> serve() {
    trace.handlingStarted(id, server.peerOf(tcp));
    try {
      if (server.tls() != null) {
        stream = await(AsyncTlsStream.server(tcp, server.tls()));
      }
      while (true) {
        if (in != null && parser.parse(in, request)) {
          if (trace.enabled()) {
            trace.request(id, in, in.position() - request.headLength(), request.headLength());
          }
          boolean keepOpen = await(respond());
          if (!keepOpen || draining) {
            break; // draining: a stop came after the head of an echo had left
          }
          continue;
        }
        if (out != null) {
          await(flushOutput()); // answers to pipelined requests leave before we wait for more
        }
        // No primitive lives across a wait here: the frame then needs no long[] for them.
        if (in != null && in.hasRemaining()) {
          int count;
          try {
            count = await(readMore());
          } finally {
            in.flip();
          }
          if (count < 0) {
            throw new HttpException(Status.BAD_REQUEST, "the connection ended in the middle of"
                + " a request head: send the whole head, up to its empty line");
          }
          continue;
        }
        if (draining) {
          break;
        }
        releaseInput(); // between requests, idle: wait for bytes holding no buffer
        idle = true;
        try {
          await(stream.readable());
        } catch (Exception failure) {
          if (failure instanceof TimeoutException) {
            trace.connection(id, "idle timeout", idleTimeout());
            break;
          }
          throw failure;
        } finally {
          idle = false;
        }
        takeInput();
        in.compact();
        int count;
        try {
          count = stream.tryRead(in); // a reset ends the connection
        } finally {
          in.flip();
        }
        if (count < 0) {
          break;
        }
        // 0: a spurious wake-up; the buffer goes back, and we wait again
      }
      if (out != null) {
        await(flushOutput());
      }
    } catch (HttpException refused) {
      await(refuse(refused));

    } catch (ClientGone gone) {
      trace.connection(id, "client gone", gone.getMessage());
    } catch (Throwable failure) {
      if (failure instanceof TimeoutException) {
        await(requestTimedOut());
      } else if (failure instanceof NotTlsRecordException) {
        // The handshake left the connection open: say what to do, in the client's own protocol.
        await(refuse(new HttpException(Status.BAD_REQUEST, "this port speaks HTTPS: ask for "
            + HelloServer.url(server.localAddress(), true))));
      } else if (failure instanceof IOException) {
        trace.connection(id, "io error", failure);
      } else if (failure instanceof CancellationException) {
        throw (CancellationException) failure; // abort(), or a stop between requests: only close
      } else {
        await(failed(failure));
      }
    } finally {
      trace.handlingFinished(id);
      trace.droppingStream(id);
      try {
        await(stream.close());
      } finally {
        releaseInput(); // closed: no read or write can touch the buffers any more
        server.buffers().give(null, out);
        out = null;
        server.connectionClosed(this);
      }
    }
    return Task.completed();
  }

  /** Answers the request just parsed; true to keep the connection for the next one. */
  @Async
  private Task<Boolean> respond() {
    boolean chunkedBody = request.isChunked();
    long bodyBytes = Math.max(0, request.contentLength());
    // Larger bodies are refused with 413; smaller ones stream through, never buffered whole.
    long maxBodyBytes = server.options().maxBodyBytes();
    if (bodyBytes > maxBodyBytes) {
      throw new HttpException(Status.CONTENT_TOO_LARGE, "a request body must be at most "
          + maxBodyBytes + " bytes (--max-body): Content-Length is " + bodyBytes);
    }
    if (chunkedBody) {
      if (chunked == null) {
        chunked = new ChunkedDecoder(maxBodyBytes, MAX_HEAD_BYTES);
      }
      chunked.start();
    }
    if ((bodyBytes > 0 || chunkedBody) && request.expectsContinue() && !in.hasRemaining()) {
      await(makeRoom(ResponseWriter.MAX_TEXT_RESPONSE));
      server.writer().continueInterim(out); // leaves with the first wait for the body
    }
    Handler handler = server.handlerFor(request);
    Route route = handler == null ? Route.of(request) : null;
    boolean keepOpen;
    if (route == Route.ECHO) {
      keepOpen = request.keepAlive() && !draining;
      ConnectionHeader connection = ConnectionHeader.of(request, keepOpen);
      if (chunkedBody) {
        await(copyChunkedBody(connection));
      } else {
        await(makeRoom(ResponseWriter.MAX_TEXT_RESPONSE));
        server.writer().streamedHead(out, bodyBytes, connection);
        responseStarted = true;
        await(copyBody(bodyBytes, true));
      }
    } else {
      // Unread, a body would be taken for the next request.
      if (chunkedBody) {
        await(copyChunkedBody(null));
      } else {
        await(copyBody(bodyBytes, false));
      }
      String handled = null;
      if (handler != null) {
        handled = checked(await(handler.handle(request)));
      }
      keepOpen = request.keepAlive() && !draining;
      ConnectionHeader connection = ConnectionHeader.of(request, keepOpen);
      await(makeRoom(ResponseWriter.MAX_TEXT_RESPONSE));
      boolean headOnly = request.method() == Method.HEAD;
      if (handled != null) {
        server.writer().text(out, Status.OK, handled, headOnly, connection, null);
      } else if (route == Route.HELLO) {
        server.writer().hello(out, headOnly, connection);
      } else {
        server.writer().text(out, route.status(), route.text(request), headOnly, connection, route.allow());
      }
    }
    responseStarted = false;
    return keepOpen ? KEEP_OPEN : THEN_CLOSE;
  }

  private String checked(String handled) {
    if (handled == null || handled.length() > Handler.MAX_TEXT_LENGTH) {
      throw new IllegalStateException("the Handler of " + request.path() + " must answer with"
          + " text of at most " + Handler.MAX_TEXT_LENGTH + " characters: it answered "
          + (handled == null ? "null" : handled.length() + " characters"));
    }
    return handled;
  }

  /** Consumes {@code length} body bytes, echoing them into {@link #out} or dropping them. */
  @Async
  private Task<Void> copyBody(long length, boolean echo) {
    long left = length;
    while (left > 0) {
      if (!in.hasRemaining()) {
        if (out != null) {
          await(flushOutput());
        }
        int count;
        try {
          count = await(readMore());
        } finally {
          in.flip();
        }
        if (count < 0) {
          throw new ClientGone("closed " + left + " bytes before the end of a " + length
              + "-byte body");
        }
      }
      int chunk = (int) Math.min(left, in.remaining());
      if (echo) {
        await(makeRoom(1));
        chunk = Math.min(chunk, out.remaining());
        out.put(in.array(), in.arrayOffset() + in.position(), chunk);
      }
      in.position(in.position() + chunk);
      left -= chunk;
    }
    return Task.completed();
  }

  /**
   * Consumes a chunked body: echoes it as a chunked answer (with {@code echo} its Connection
   * header), or drops it (null). The answer's head leaves with the body's first bytes, so a body
   * refused at its first chunk size (400, 413) is still answered; one refused later is cut off.
   */
  @Async
  private Task<Void> copyChunkedBody(ConnectionHeader echo) {
    while (true) {
      int available = chunked.advance(in);
      if (available == ChunkedDecoder.END) {
        break;
      }
      if (available == 0) {
        if (out != null) {
          await(flushOutput()); // a 100 Continue, or what we echoed, before we wait for more
        }
        int count;
        try {
          count = await(readMore());
        } finally {
          in.flip();
        }
        if (count < 0) {
          throw new ClientGone("closed in the middle of a chunked body, after "
              + chunked.bodyBytes() + " bytes");
        }
        continue;
      }
      int length = available;
      if (echo != null) {
        await(startChunkedAnswer(echo));
        await(makeRoom(ResponseWriter.CHUNK_FRAMING + 1));
        length = Math.min(available, out.remaining() - ResponseWriter.CHUNK_FRAMING);
        server.writer().chunk(out, in.array(), in.arrayOffset() + in.position(), length);
      }
      in.position(in.position() + length);
      chunked.consumed(length);
    }
    if (echo != null) {
      await(startChunkedAnswer(echo));
      await(makeRoom(ResponseWriter.CHUNK_FRAMING));
      server.writer().lastChunk(out);
    }
    return Task.completed();
  }

  @Async
  private Task<Void> startChunkedAnswer(ConnectionHeader connection) {
    if (!responseStarted) {
      await(makeRoom(ResponseWriter.MAX_TEXT_RESPONSE));
      server.writer().chunkedHead(out, connection);
      responseStarted = true;
    }
    return Task.completed();
  }

  /**
   * Reads what the client sends next into {@link #in}, which it leaves in write mode: the caller
   * flips it back once the read has ended, however it ended. -1 at the end of the input; fails
   * with {@link TimeoutException} after the stream's read timeout (the idle timeout, or the
   * linger bound while lingering), which one timer per connection enforces.
   */
  private Task<Integer> readMore() {
    if (in == null) {
      takeInput();
    }
    if (in.remaining() == in.capacity()) {
      throw new IllegalStateException("HttpConnection " + id + " must consume input before"
          + " reading more: the " + BUFFER_BYTES + "-byte input buffer is full");
    }
    in.compact();
    return stream.read(in);
  }

  /**
   * Sends everything in {@link #out}, then gives it back to the pool: between answers a
   * connection holds no output buffer. A write that failed or timed out may still be parked
   * with the buffer, so that buffer is dropped, never pooled.
   */
  @Async
  private Task<Void> flushOutput() {
    ByteBuffer sending = out;
    out = null;
    sending.flip();
    try {
      await(stream.write(sending).orTimeout(idleTimeout()));
      await(stream.flush());
    } catch (Exception failure) {
      if (failure instanceof TimeoutException) {
        throw new ClientGone("did not read our response for " + idleTimeout().toMillis()
            + " ms");
      }
      throw failure;
    }
    server.buffers().give(null, sending);
    return Task.completed();
  }

  /** Makes sure {@link #out} is there with at least {@code bytes} of room, flushing if needed. */
  @Async
  private Task<Void> makeRoom(int bytes) {
    if (out != null && out.remaining() < bytes) {
      await(flushOutput());
    }
    if (out == null) {
      out = server.buffers().takeOutput();
    }
    return Task.completed();
  }

  /** How long a read or write may wait: the server's {@code --idle-timeout}. */
  private Duration idleTimeout() {
    return server.options().idleTimeout();
  }

  /**
   * Takes {@link #in}, empty in read mode, and the parser and request that go with it: bytes
   * have arrived, so a request is on its way.
   */
  private void takeInput() {
    in = server.buffers().takeInput();
    parser = server.takeParser();
    request = server.takeRequest();
  }

  /**
   * Gives {@link #in} back to the pool, with the parser and request: between requests (it holds
   * no unread byte) or once closed.
   */
  private void releaseInput() {
    if (in != null) {
      server.buffers().give(in, null);
      server.giveBack(parser, request);
      in = null;
      parser = null;
      request = null;
    }
  }

  /**
   * Answers a refused request, ends our side, and lets the client finish sending. If part of
   * the answer has already left, there is nothing to say: the connection just closes.
   */
  @Async
  private Task<Void> refuse(HttpException refused) {
    Status status = refused.status();
    if (responseStarted) {
      trace.connection(id, "cut off mid-answer", refused);
      return Task.completed();
    }
    trace.connection(id, "refused", refused);
    try {
      await(makeRoom(ResponseWriter.MAX_TEXT_RESPONSE));
      server.writer().text(out, status, status.reason() + ": " + refused.getMessage(), false,
          ConnectionHeader.CLOSE, null);
      await(flushOutput());
      await(stream.shutdownOutput()); // the client sees the end of our answer at once
      await(lingerBeforeClose());
    } catch (Exception failure) {
      if (!(failure instanceof IOException || failure instanceof ClientGone)) {
        throw failure;
      }
    }
    return Task.completed();
  }

  /**
   * Reads and drops what the client is still sending, until it closes, stops, or a bound is
   * reached. Closing a socket with unread input makes the kernel send a reset, which can destroy
   * our answer before the client reads it (the lingering close of RFC 9112 section 9.6).
   */
  @Async
  private Task<Void> lingerBeforeClose() {
    Duration idleTimeout = idleTimeout();
    Duration linger = idleTimeout.compareTo(MAX_LINGER) < 0 ? idleTimeout : MAX_LINGER;
    tcp.setReadTimeout(linger);
    if (parser != null) {
      parser.reset();
    }
    int dropped = 0;
    try {
      while (dropped < LINGER_BYTES) {
        if (in != null) {
          dropped += in.remaining();
          in.position(in.limit());
        }
        int count;
        try {
          count = await(readMore());
        } finally {
          in.flip();
        }
        if (count < 0) {
          break;
        }
      }
    } catch (Exception failure) {
      if (!(failure instanceof TimeoutException || failure instanceof IOException)) {
        throw failure;
      }
    }
    return Task.completed();
  }

  /**
   * A failure that is not the client's doing, a handler's or ours: reported, then answered with
   * {@code 500} if we can still say so (in {@link #serve}'s finally the connection closes).
   */
  @Async
  private Task<Void> failed(Throwable failure) {
    trace.connection(id, "failed", failure);
    String answering = request == null || request.method() == null ? null : request.toString();
    server.connectionFailed(new HandlerFailure(id, server.peerOf(tcp), answering, failure));
    await(refuse(new HttpException(Status.INTERNAL_SERVER_ERROR, "this request could not be"
        + " answered; the server has reported why")));
    return Task.completed();
  }

  /** The client stopped sending in the middle of a request: 408 if we can still say so. */
  @Async
  private Task<Void> requestTimedOut() {
    trace.connection(id, "timed out mid-request", idleTimeout());
    if (responseStarted) {
      return Task.completed();
    }
    await(refuse(new HttpException(Status.REQUEST_TIMEOUT, "no byte arrived for "
        + idleTimeout().toMillis() + " ms in the middle of a request")));
    return Task.completed();
  }
}
