package dev.spindle.agent.twins;

import java.util.ArrayList;
import java.util.List;

/**
 * The side effects of one run, in order: what generated code records and which values it
 * requested. The async method and its twin must leave the same trace. One thread at a time
 * (a resumed method runs after the completion that woke it).
 */
public final class Trace {
  private final List<String> events = new ArrayList<>();

  public void add(String tag, Object value) {
    events.add(tag + "=" + Fn.render(value));
  }

  public void add(String tag, Object a, Object b, Object c) {
    events.add(tag + "=" + Fn.render(a) + "," + Fn.render(b) + "," + Fn.render(c));
  }

  void event(String event) {
    events.add(event);
  }

  List<String> events() {
    return List.copyOf(events);
  }
}
