package dev.spindle.sync;

/** A {@link Channel#send} that waits for room; holds its item until a receiver takes it. */
final class SendTask<T> extends Waiting<Void> {
  private final Channel<T> channel;
  /** Never changes; taken by the receiver that claims this task. */
  final T item;

  SendTask(Channel<T> channel, T item) {
    this.channel = channel;
    this.item = item;
  }

  @Override
  boolean withdraw() {
    return channel.withdraw(this);
  }

  @Override
  public String toString() {
    return "Channel.send() " + super.toString() + " of " + channel;
  }
}
