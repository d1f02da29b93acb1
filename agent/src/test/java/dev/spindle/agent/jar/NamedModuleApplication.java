package dev.spindle.agent.jar;

/**
 * The sources of two user modules that {@code requires dev.spindle.runtime}: {@code demo}, an
 * {@code @Async} echo over a real socket that uses only exported packages, and {@code sneaky},
 * which names the runtime's internal packages and must not compile.
 */
final class NamedModuleApplication {
  static final String MAIN = "demo/demo.echo.EchoMain";

  static final String DEMO_MODULE = """
      module demo {
        requires dev.spindle.runtime;
      }
      """;

  static final String DEMO_SOURCE = """
      package demo.echo;

      import static dev.spindle.Await.await;

      import dev.spindle.Async;
      import dev.spindle.EventLoop;
      import dev.spindle.Task;
      import dev.spindle.io.AsyncTcpListener;
      import dev.spindle.io.AsyncTcpStream;
      import java.net.InetAddress;
      import java.net.InetSocketAddress;
      import java.nio.ByteBuffer;
      import java.nio.charset.StandardCharsets;

      public final class EchoMain {
        public static void main(String[] arguments) throws Exception {
          System.out.println("module " + EchoMain.class.getModule().getName());
          String answer = EventLoop.run(EchoMain::roundTrip);
          System.out.println("echoed " + answer);
          try {
            Class.forName("dev.spindle.loop.LoopAccess").getMethod("get").invoke(null);
            System.out.println("loop internals: reached");
          } catch (IllegalAccessException refused) {
            System.out.println("loop internals: refused");
          }
        }

        @Async
        static Task<String> roundTrip() {
          AsyncTcpListener listener = AsyncTcpListener.bind(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
          Task<Void> serving = serveOne(listener);
          AsyncTcpStream client = await(AsyncTcpStream.connect(listener.localAddress()));
          await(client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII))));
          await(client.flush());
          ByteBuffer reply = ByteBuffer.allocate(4);
          while (reply.hasRemaining() && await(client.read(reply)) >= 0) {
            // read until the four bytes are back
          }
          await(client.close());
          await(serving);
          listener.close();
          return Task.completed(new String(reply.array(), 0, reply.position(),
              StandardCharsets.US_ASCII));
        }

        @Async
        static Task<Void> serveOne(AsyncTcpListener listener) {
          AsyncTcpStream connection = await(listener.accept());
          ByteBuffer buffer = ByteBuffer.allocate(64);
          int n;
          while ((n = await(connection.read(buffer))) > 0) {
            buffer.flip();
            await(connection.write(buffer));
            await(connection.flush());
            buffer.clear();
          }
          await(connection.close());
          return Task.completed();
        }
      }
      """;

  static final String SNEAKY_MODULE = """
      module sneaky {
        requires dev.spindle.runtime;
      }
      """;

  static final String SNEAKY_SOURCE = """
      package sneaky;

      public final class Sneaky {
        dev.spindle.loop.Reactor reactor;
        dev.spindle.task.Scheduler scheduler;
        dev.spindle.timer.Timers timers;
      }
      """;

  private NamedModuleApplication() {}
}
