package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.Steps;
import dev.spindle.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/**
 * The child JVM of {@link FdLimitProcessTest}: an echo server on 127.0.0.1 that its test starts
 * under a low descriptor limit. It prints {@code listening on PORT}, then only what its test asks
 * for, one command per line on standard input:
 *
 * <ul>
 *   <li>{@code connect}: connects to itself; prints {@code connect: ok} or
 *       {@code connect failed: <exception>}.
 *   <li>{@code lazy-file}: runs on the loop code that makes the JDK open a file it opens only on
 *       first use (the currency table); the loop reports what it throws as
 *       {@code uncaught: <throwable>}.
 *   <li>{@code count}: prints {@code open N}, the connections it serves.
 * </ul>
 *
 * <p>If an accept ever fails, it prints {@code accept failed: <exception>} and exits: what a
 * server whose accept loop dies of {@code EMFILE} does.
 */
public final class FdLimitedEchoServer {
  private static int open;

  private FdLimitedEchoServer() {}

  public static void main(String[] args) {
    EventLoop.builder()
        .uncaughtFailureHandler((task, failure) -> say("uncaught: " + failure))
        .run(FdLimitedEchoServer::serve);
  }

  private static Task<Void> serve() {
    EventLoop loop = EventLoop.current();
    AsyncTcpListener listener = AsyncTcpListener.bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetSocketAddress address = (InetSocketAddress) listener.localAddress();
    Thread commands = new Thread(() -> readCommands(loop, address), "commands");
    commands.setDaemon(true);
    commands.start();
    say("listening on " + address.getPort());
    AsyncIterator<AsyncTcpStream> incoming = listener.incoming();
    return Steps.repeat(() -> {
      Task<AsyncTcpStream> next = incoming.next();
      next.whenDone(done -> {
        if (done.failureNow() != null) {
          say("accept failed: " + done.failureNow()); // and the accept loop, main, the JVM end
        }
      });
      return Steps.then(next, conn -> {
        open++;
        echo(conn);
        return Task.completed(true);
      });
    });
  }

  /** Echoes until end of stream or a failure, then closes. */
  private static void echo(AsyncTcpStream conn) {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    Task<Void> echoing = Steps.repeat(() -> Steps.then(conn.read(buffer), count -> {
      if (count < 0) {
        return Task.completed(false);
      }
      buffer.flip();
      return Steps.then(conn.write(buffer), written -> {
        buffer.clear();
        return Task.completed(true);
      });
    }));
    echoing.whenDone(done -> {
      open--;
      conn.close();
    });
  }

  private static void readCommands(EventLoop loop, InetSocketAddress self) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String command = line.trim();
        loop.execute(() -> run(command, self));
      }
    } catch (IOException stdinGone) {
      // the test has ended
    }
  }

  private static void run(String command, InetSocketAddress self) {
    switch (command) {
      case "connect":
        AsyncTcpStream.connect(self).whenDone(done -> {
          if (done.failureNow() != null) {
            say("connect failed: " + done.failureNow());
          } else {
            say("connect: ok");
            ((AsyncTcpStream) done.resultNow()).close();
          }
        });
        break;
      case "lazy-file":
        // The first cipher makes the JDK read the JCE policy files under conf/security; what
        // that throws here, on the loop thread, goes to the loop's failure handler.
        try {
          say("lazy-file: ok " + Cipher.getInstance("AES/GCM/NoPadding"));
        } catch (GeneralSecurityException unexpected) {
          say("lazy-file: " + unexpected);
        }
        break;
      case "count":
        say("open " + open);
        break;
      default:
        say("unknown command " + command);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
