package dev.spindle.bench.http;

import java.nio.file.Path;

/**
 * Command-line options shared by the anchor servers: {@code --port N} (default 7878),
 * {@code --transport nio|epoll} and {@code --loops N} (Netty only; default 1), and
 * {@code --tls-keystore FILE --tls-password PW} (Netty only: HTTPS through its {@code
 * SslHandler}). Servers listen on 127.0.0.1 only.
 */
record ServerArguments(int port, String transport, int loops, Path tlsKeyStore,
    String tlsPassword) {
  private static final String USAGE = "usage: --port N [--transport nio|epoll] [--loops N]"
      + " [--tls-keystore FILE.p12 --tls-password PW]";

  static ServerArguments parse(String[] args, String defaultTransport) {
    int port = 7878;
    String transport = defaultTransport;
    int loops = 1;
    Path tlsKeyStore = null;
    String tlsPassword = null;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value: " + USAGE);
      }
      String value = args[++i];
      switch (name) {
        case "--port" -> port = Integer.parseInt(value);
        case "--transport" -> transport = value;
        case "--loops" -> loops = Integer.parseInt(value);
        case "--tls-keystore" -> tlsKeyStore = Path.of(value);
        case "--tls-password" -> tlsPassword = value;
        default -> throw new IllegalArgumentException("unknown option " + name + ": " + USAGE);
      }
    }
    if ((tlsKeyStore == null) != (tlsPassword == null)) {
      throw new IllegalArgumentException("--tls-keystore and --tls-password go together: "
          + USAGE);
    }
    return new ServerArguments(port, transport, loops, tlsKeyStore, tlsPassword);
  }
}
