package dev.spindle.bench.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;

/**
 * Anchor: the idiomatic Netty 4.2 hello server on ONE event loop (accept and I/O on the same
 * thread, as Spindle runs), with Netty's HTTP codec, pooled buffers, a preallocated body and one
 * flush per read batch (pipelining-friendly). {@code --transport nio} uses the JDK selector,
 * {@code --transport epoll} Netty's native epoll transport. With {@code --tls-keystore FILE
 * --tls-password PW} it serves HTTPS through Netty's {@code SslHandler} on the JDK's
 * {@code SSLEngine} (provider JDK, as Spindle's {@code AsyncTlsStream}), handshake tasks run on
 * the event loop as Netty does by default.
 *
 * <p>{@code --loops N} (default 1) runs N event loops, as Netty is deployed on many cores: with
 * NIO one group whose first loop accepts and hands connections out round robin (one group for
 * boss and workers); with epoll N server channels bound with {@code SO_REUSEPORT}, one per loop,
 * so the kernel spreads connections as Spindle's {@code bind(address, group)} does on Linux.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.spindle.bench.http.NettyHelloServer
 * --port N --transport epoll [--loops 2]}
 */
public final class NettyHelloServer {
  private NettyHelloServer() {}

  public static void main(String[] args) throws Exception {
    ServerArguments options = ServerArguments.parse(args, "nio");
    boolean epoll = switch (options.transport()) {
      case "nio" -> false;
      case "epoll" -> true;
      default -> throw new IllegalArgumentException("--transport must be nio or epoll: "
          + options.transport());
    };
    if (epoll) {
      Epoll.ensureAvailability();
    }
    IoHandlerFactory handlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channelType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    SslContext tls = options.tlsKeyStore() == null ? null : tls(options);
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(options.loops(), handlers);
    try {
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(loop)
          .channel(channelType)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
              if (tls != null) {
                channel.pipeline().addLast(tls.newHandler(channel.alloc()));
              }
              channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler());
            }
          });
      boolean reusePort = epoll && options.loops() > 1;
      if (reusePort) {
        bootstrap.option(io.netty.channel.epoll.EpollChannelOption.SO_REUSEPORT, true);
      }
      Channel server = null;
      for (int i = 0; i < (reusePort ? options.loops() : 1); i++) {
        // each bind registers its server channel on the group's next loop
        server = bootstrap.bind(new InetSocketAddress("127.0.0.1", options.port())).sync()
            .channel();
      }
      System.out.println("NettyHelloServer (" + options.transport() + ", "
          + (options.loops() == 1 ? "one loop" : options.loops() + " loops"
              + (reusePort ? ", SO_REUSEPORT" : ", one acceptor"))
          + (tls == null ? "" : ", TLS") + ") listening on"
          + " 127.0.0.1:" + options.port());
      server.closeFuture().sync();
    } finally {
      loop.shutdownGracefully();
    }
  }

  private static SslContext tls(ServerArguments options) throws Exception {
    char[] password = options.tlsPassword().toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(options.tlsKeyStore())) {
      keys.load(in, password);
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, password);
    // The JDK's own cipher suites, in its order, as Spindle's SSLContext has them: with Netty's
    // list it would pick AES-128-GCM where Spindle picks AES-256-GCM, a cheaper cipher.
    List<String> jdkCiphers = Arrays.asList(
        SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
    return SslContextBuilder.forServer(managers).sslProvider(SslProvider.JDK)
        .ciphers(jdkCiphers).build();
  }

  /** Answers each request with the shared hello response; flushes once per read batch. */
  private static final class HelloHandler extends ChannelInboundHandlerAdapter {
    private static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer()
        .writeBytes(HelloResponses.BODY.getBytes(StandardCharsets.US_ASCII)).asReadOnly());
    private static final ByteBuf NOT_FOUND_BODY = Unpooled.unreleasableBuffer(
        Unpooled.directBuffer().writeBytes("Not Found\n".getBytes(StandardCharsets.US_ASCII))
            .asReadOnly());
    /** Our own constant headers need no validation on every response. */
    private static final DefaultHttpHeadersFactory HEADERS =
        DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString DATE = AsciiString.cached("Date");
    private static final AsciiString CONNECTION = AsciiString.cached("Connection");
    private static final DefaultFullHttpResponse BAD_REQUEST = new DefaultFullHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER,
        HEADERS.newHeaders()
            .add(CONTENT_LENGTH, AsciiString.cached("0"))
            .add(CONNECTION, HttpHeaderValues.CLOSE),
        EmptyHttpHeaders.INSTANCE);

    /** The three header sets of one second; shared by every connection, never modified. */
    private record DatedHeaders(long epochSecond, HttpHeaders ok, HttpHeaders okClose,
        HttpHeaders notFound) {
      static DatedHeaders of(HelloResponses.Snapshot responses) {
        AsciiString date = new AsciiString(responses.date());
        return new DatedHeaders(responses.epochSecond(), headers(13, date, false),
            headers(13, date, true), headers(10, date, false));
      }
    }

    /** Replaced once a second, by the loop thread. */
    private static volatile DatedHeaders headers = DatedHeaders.of(HelloResponses.now());

    private static HttpHeaders headers(int contentLength, AsciiString date, boolean close) {
      // Spelled as the other servers spell them, so every server sends the same bytes.
      HttpHeaders headers = HEADERS.newHeaders()
          .add(CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
          .add(CONTENT_LENGTH, AsciiString.cached(String.valueOf(contentLength)))
          .add(DATE, date);
      return close ? headers.add(CONNECTION, HttpHeaderValues.CLOSE) : headers;
    }

    private static DatedHeaders currentHeaders() {
      HelloResponses.Snapshot responses = HelloResponses.now();
      DatedHeaders current = headers;
      if (current.epochSecond() != responses.epochSecond()) {
        current = DatedHeaders.of(responses);
        headers = current;
      }
      return current;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      try {
        if (message instanceof HttpRequest request && request.decoderResult().isFailure()) {
          context.writeAndFlush(BAD_REQUEST.retainedDuplicate())
              .addListener(ChannelFutureListener.CLOSE);
        } else if (message instanceof HttpRequest request) {
          boolean keepAlive = HttpUtil.isKeepAlive(request);
          boolean root = "/".equals(request.uri());
          DatedHeaders dated = currentHeaders();
          DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
              root ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
              (root ? BODY : NOT_FOUND_BODY).duplicate(),
              root ? (keepAlive ? dated.ok() : dated.okClose()) : dated.notFound(),
              EmptyHttpHeaders.INSTANCE);
          if (keepAlive) {
            context.write(response, context.voidPromise());
          } else {
            context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
          }
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
      context.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      context.close();
    }
  }
}
