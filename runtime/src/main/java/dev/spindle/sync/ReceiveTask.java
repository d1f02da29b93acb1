package dev.spindle.sync;

/** A {@link Channel#receive()} that waits for an item. */
final class ReceiveTask<T> extends Waiting<T> implements Receiver<T> {
  private final Channel<T> channel;

  ReceiveTask(Channel<T> channel) {
    this.channel = channel;
  }

  @Override
  public void deliver(T item) {
    handOver(item);
  }

  @Override
  boolean withdraw() {
    return channel.withdraw(this);
  }

  @Override
  public String toString() {
    return "Channel.receive() " + super.toString() + " of " + channel;
  }
}
