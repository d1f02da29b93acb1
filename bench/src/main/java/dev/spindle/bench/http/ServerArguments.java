package dev.spindle.bench.http;

/**
 * Command-line options shared by the anchor servers: {@code --port N} (default 7878) and
 * {@code --transport nio|epoll} (Netty only). Servers listen on 127.0.0.1 only.
 */
record ServerArguments(int port, String transport) {
  static ServerArguments parse(String[] args, String defaultTransport) {
    int port = 7878;
    String transport = defaultTransport;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value: usage: "
            + "--port N [--transport nio|epoll]");
      }
      String value = args[++i];
      switch (name) {
        case "--port" -> port = Integer.parseInt(value);
        case "--transport" -> transport = value;
        default -> throw new IllegalArgumentException("unknown option " + name
            + ": usage: --port N [--transport nio|epoll]");
      }
    }
    return new ServerArguments(port, transport);
  }
}
