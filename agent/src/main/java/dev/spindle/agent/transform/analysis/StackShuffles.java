package dev.spindle.agent.transform.analysis;

import static org.objectweb.asm.Opcodes.*;

import dev.spindle.agent.transform.TransformException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The DUP, SWAP and POP families over a stack that holds one entry per value: the two-word forms
 * act on one {@code long}/{@code double} or on two single-word values, as the JVM specification's
 * "forms" say. Generic over what an entry is, so that the same table moves verifier types (in
 * {@link FrameAnalyzer}) and value identities (when the constructor pre-pass rebuilds a shuffle).
 */
public final class StackShuffles {
  private StackShuffles() {}

  /** Whether {@code opcode} only pops, duplicates or reorders stack values. */
  public static boolean isShuffle(int opcode) {
    return opcode == POP || opcode == POP2 || (opcode >= DUP && opcode <= SWAP);
  }

  /**
   * Applies {@code opcode} to {@code stack} (bottom first) in place.
   *
   * @param wide whether an entry is a {@code long} or {@code double}
   * @return how many entries it popped before pushing
   * @throws TransformException if the stack is too short or a form would split a two-word value
   */
  public static <T> int apply(int opcode, List<T> stack, Predicate<T> wide) {
    Stack<T> values = new Stack<>(stack, wide);
    switch (opcode) {
      case POP:
        values.single();
        return 1;
      case POP2:
        return values.words(2).size();
      case DUP: {
        T v1 = values.single();
        values.push(List.of(v1, v1));
        return 1;
      }
      case DUP_X1: {
        T v1 = values.single();
        T v2 = values.single();
        values.push(List.of(v1, v2, v1));
        return 2;
      }
      case DUP_X2: {
        T v1 = values.single();
        List<T> under = values.words(2);
        values.push(List.of(v1));
        values.push(under);
        values.push(List.of(v1));
        return 1 + under.size();
      }
      case DUP2: {
        List<T> top = values.words(2);
        values.push(top);
        values.push(top);
        return top.size();
      }
      case DUP2_X1: {
        List<T> top = values.words(2);
        T v = values.single();
        values.push(top);
        values.push(List.of(v));
        values.push(top);
        return top.size() + 1;
      }
      case DUP2_X2: {
        List<T> top = values.words(2);
        List<T> under = values.words(2);
        values.push(top);
        values.push(under);
        values.push(top);
        return top.size() + under.size();
      }
      case SWAP: {
        T v1 = values.single();
        T v2 = values.single();
        values.push(List.of(v1, v2));
        return 2;
      }
      default:
        throw new IllegalArgumentException("not a stack shuffle: " + opcode);
    }
  }

  /** The stack of one shuffle; its errors complete "at instruction #n (DUP) ...". */
  private record Stack<T>(List<T> stack, Predicate<T> wide) {
    T pop() {
      if (stack.isEmpty()) {
        throw new TransformException("pops a value from an empty operand stack");
      }
      return stack.remove(stack.size() - 1);
    }

    /** One single-word value. */
    T single() {
      T value = pop();
      if (wide.test(value)) {
        throw new TransformException("needs a one-word value but finds a long or double");
      }
      return value;
    }

    /** Values worth {@code words} stack words, bottom first. */
    List<T> words(int words) {
      List<T> values = new ArrayList<>();
      int taken = 0;
      while (taken < words) {
        T value = pop();
        values.add(0, value);
        taken += wide.test(value) ? 2 : 1;
      }
      if (taken > words) {
        throw new TransformException("would split a long or double in two");
      }
      return values;
    }

    void push(List<T> values) {
      stack.addAll(values);
    }
  }
}
