package dev.spindle.bench.http;

/**
 * Command-line options shared by the anchor servers: {@code --port N} (default 7878),
 * {@code --transport nio|epoll} and {@code --loops N} (Netty only; default 1). Servers listen on
 * 127.0.0.1 only.
 */
record ServerArguments(int port, String transport, int loops) {
  static ServerArguments parse(String[] args, String defaultTransport) {
    int port = 7878;
    String transport = defaultTransport;
    int loops = 1;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value: usage: "
            + "--port N [--transport nio|epoll] [--loops N]");
      }
      String value = args[++i];
      switch (name) {
        case "--port" -> port = Integer.parseInt(value);
        case "--transport" -> transport = value;
        case "--loops" -> loops = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + name
            + ": usage: --port N [--transport nio|epoll] [--loops N]");
      }
    }
    return new ServerArguments(port, transport, loops);
  }
}
