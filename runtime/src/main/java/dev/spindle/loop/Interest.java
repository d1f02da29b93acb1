package dev.spindle.loop;

import java.nio.channels.SelectionKey;

/**
 * What a channel waits for, mapped to a {@link SelectionKey} op. A {@link Registration} holds one
 * waiter on the inbound side (read or accept) and one on the outbound side (write or connect),
 * as a socket has at most one of each in flight.
 */
public enum Interest {
  READ(SelectionKey.OP_READ, true),
  ACCEPT(SelectionKey.OP_ACCEPT, true),
  WRITE(SelectionKey.OP_WRITE, false),
  CONNECT(SelectionKey.OP_CONNECT, false);

  /** Ops served by the inbound waiter. */
  static final int INBOUND_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
  /** Ops served by the outbound waiter. */
  static final int OUTBOUND_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

  /** The {@link SelectionKey} op. */
  final int op;
  /** Whether the inbound (read/accept) side waits for it. */
  final boolean inbound;

  Interest(int op, boolean inbound) {
    this.op = op;
    this.inbound = inbound;
  }

  /** {@code ops} spelled as in the JDK, e.g. {@code "OP_READ|OP_WRITE"}; for traces. */
  public static String names(int ops) {
    StringBuilder names = new StringBuilder();
    for (Interest interest : values()) {
      if ((ops & interest.op) != 0) {
        names.append(names.length() == 0 ? "" : "|").append("OP_").append(interest.name());
      }
    }
    return names.length() == 0 ? "none" : names.toString();
  }
}
