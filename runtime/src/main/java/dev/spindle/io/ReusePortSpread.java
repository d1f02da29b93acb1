package dev.spindle.io;

import dev.spindle.EventLoop;
import dev.spindle.EventLoopGroup;
import dev.spindle.Task;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;

/**
 * One listening socket per loop, all bound to the same address with {@code SO_REUSEPORT}: the
 * kernel spreads incoming connections over them, and each loop accepts from its own, so the
 * loops share nothing, not even an accept queue (as Seastar and Netty's epoll transport do).
 * Linux only: BSD and macOS accept the option but give every connection to one socket.
 */
final class ReusePortSpread implements LoopSpread {
  /** Set to {@code false} to hand connections out from one acceptor instead. */
  static final String PROPERTY = "spindle.reusePort";

  private final EventLoopGroup group;
  /** One per loop, in the group's order; each belongs to its loop from its first accept. */
  private final AsyncTcpListener[] members;

  private ReusePortSpread(EventLoopGroup group, AsyncTcpListener[] members) {
    this.group = group;
    this.members = members;
  }

  /** Whether the default is one socket per loop: on Linux, unless the property says false. */
  static boolean usable() {
    if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
      return false;
    }
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
      return false;
    }
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (java.io.IOException noSocket) {
      return false;
    }
  }

  static ReusePortSpread bind(SocketAddress address, EventLoopGroup group) {
    if (!(address instanceof InetSocketAddress) || ((InetSocketAddress) address).getPort() != 0) {
      // SO_REUSEPORT would also let this group share a port that another process of the same
      // user listens on with it (another server started twice), splitting its connections
      // without a word: a socket without the option fails there as a single listener does.
      AsyncTcpListener.bind(address).close();
    }
    AsyncTcpListener[] members = new AsyncTcpListener[group.size()];
    try {
      members[0] = AsyncTcpListener.bindReusingPort(address);
      // Port 0 picked a port for the first socket: the others must share that one.
      SocketAddress bound = address instanceof InetSocketAddress
          && ((InetSocketAddress) address).getPort() == 0
          ? new InetSocketAddress(((InetSocketAddress) address).getAddress(),
              ((InetSocketAddress) members[0].localAddress()).getPort())
          : address;
      for (int i = 1; i < members.length; i++) {
        members[i] = AsyncTcpListener.bindReusingPort(bound);
      }
    } catch (UncheckedIOException failure) {
      for (AsyncTcpListener member : members) {
        if (member != null) {
          member.close();
        }
      }
      throw failure;
    }
    return new ReusePortSpread(group, members);
  }

  @Override
  public Task<AsyncTcpStream> accept(boolean nullWhenClosed) {
    EventLoop current = EventLoop.currentOrNull();
    int index = current == null ? -1 : group.indexOf(current);
    if (index < 0) {
      return Task.failed(outsideGroup(group, localAddress()));
    }
    AsyncTcpListener member = members[index];
    return member.accept(nullWhenClosed);
  }

  /** The refusal of an accept made off the group's loops; also {@link HandoffSpread}'s. */
  static IllegalStateException outsideGroup(EventLoopGroup group, SocketAddress address) {
    return new IllegalStateException("AsyncTcpListener.accept() on " + address + " must be called"
        + " on a loop of the group it was bound to (" + group + "), not "
        + Thread.currentThread().getName() + ": each loop of the group accepts its own"
        + " connections; start the accept loops with group.submitToEach(...)");
  }

  @Override
  public SocketAddress localAddress() {
    return members[0].localAddress();
  }

  @Override
  public void close() {
    for (AsyncTcpListener member : members) {
      member.close();
    }
  }
}
