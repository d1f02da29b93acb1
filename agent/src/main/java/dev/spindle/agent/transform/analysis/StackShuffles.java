package dev.spindle.agent.transform.analysis;

import dev.spindle.agent.transform.analysis.FrameAnalyzer.FrameState;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;

/**
 * The DUP and SWAP family over a stack that holds one entry per value: the two-word forms act on
 * one {@code long}/{@code double} or on two single-word values, as the JVM specification's
 * "forms" say.
 */
final class StackShuffles {
  private StackShuffles() {}

  static void apply(FrameState state, int opcode) {
    switch (opcode) {
      case Opcodes.DUP: {
        Object top = state.pop();
        push(state, top, top);
        break;
      }
      case Opcodes.DUP_X1: {
        Object v1 = state.pop();
        Object v2 = state.pop();
        push(state, v1, v2, v1);
        break;
      }
      case Opcodes.DUP_X2: {
        Object v1 = state.pop();
        List<Object> under = popWords(state, 2);
        state.push(v1);
        under.forEach(state::push);
        state.push(v1);
        break;
      }
      case Opcodes.DUP2: {
        List<Object> top = popWords(state, 2);
        top.forEach(state::push);
        top.forEach(state::push);
        break;
      }
      case Opcodes.DUP2_X1: {
        List<Object> top = popWords(state, 2);
        Object v = state.pop();
        top.forEach(state::push);
        state.push(v);
        top.forEach(state::push);
        break;
      }
      case Opcodes.DUP2_X2: {
        List<Object> top = popWords(state, 2);
        List<Object> under = popWords(state, 2);
        top.forEach(state::push);
        under.forEach(state::push);
        top.forEach(state::push);
        break;
      }
      case Opcodes.SWAP: {
        Object v1 = state.pop();
        Object v2 = state.pop();
        push(state, v1, v2);
        break;
      }
      default:
        throw new IllegalArgumentException("not a stack shuffle: " + opcode);
    }
  }

  /** Pops values worth {@code words} stack words; returns them bottom first. */
  private static List<Object> popWords(FrameState state, int words) {
    List<Object> values = new ArrayList<>();
    int taken = 0;
    while (taken < words) {
      Object value = state.pop();
      values.add(0, value);
      taken += FrameTypes.isWide(value) ? 2 : 1;
    }
    return values;
  }

  private static void push(FrameState state, Object... values) {
    for (Object value : values) {
      state.push(value);
    }
  }
}
