package dev.spindle.agent.transform.analysis;

import dev.spindle.agent.transform.TransformException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Printer;

/**
 * Types every value before every instruction of a method, without loading any class: one forward
 * pass in instruction order that resets to the method's own stack map frame wherever the class
 * file declares one (the method must be read with {@code ClassReader.EXPAND_FRAMES}) and applies
 * {@link InstructionEffects} in between.
 *
 * <p>Exact because the verifier requires a declared frame at every branch target, handler and
 * instruction after an unconditional jump: between two frames the code is straight-line, so no
 * two types ever need merging (which is what would need the class hierarchy).
 */
public final class FrameAnalyzer {
  private FrameAnalyzer() {}

  /**
   * The types before each reachable instruction of {@code method} of class {@code owner}.
   *
   * @throws TransformException if an instruction finds a stack it cannot act on (popping from an
   *     empty stack, a two-word form splitting a {@code long}): the class would not verify, or
   *     the frames it declares do not match its code
   */
  public static MethodFrames analyze(String owner, MethodNode method) {
    Map<AbstractInsnNode, FrameSnapshot> before = new IdentityHashMap<>();
    FrameState state = FrameState.entry(owner, method);
    for (AbstractInsnNode node = method.instructions.getFirst(); node != null;
        node = node.getNext()) {
      if (node instanceof FrameNode frame) {
        state = FrameState.declared(frame);
        continue;
      }
      if (node.getOpcode() < 0 || state == null) {
        continue;
      }
      before.put(node, state.snapshot());
      try {
        state = InstructionEffects.apply(state, node) ? state : null;
      } catch (TransformException malformed) {
        List<String> stack = before.get(node).stack().stream().map(FrameTypes::name).toList();
        throw new TransformException(place(method, node) + " " + malformed.getMessage()
            + " (operand stack before it, bottom first: " + stack + "): the code does not match"
            + " its stack map frames, so the class would not verify");
      }
    }
    return new MethodFrames(before);
  }

  /**
   * How many operand-stack values {@code instruction} pops when the types before it are
   * {@code before}: the values at index {@code before.stack().size() - popped} and above.
   */
  public static int popped(FrameSnapshot before, AbstractInsnNode instruction) {
    FrameState state = FrameState.of(before);
    InstructionEffects.apply(state, instruction);
    return before.stack().size() - state.lowWater;
  }

  /** "at instruction #12 (DUP, line 7)", for messages. */
  public static String place(MethodNode method, AbstractInsnNode node) {
    int line = -1;
    for (AbstractInsnNode at = node; at != null; at = at.getPrevious()) {
      if (at instanceof LineNumberNode number) {
        line = number.line;
        break;
      }
    }
    String name = node.getOpcode() < 0 ? "?" : Printer.OPCODES[node.getOpcode()];
    return "at instruction #" + method.instructions.indexOf(node) + " (" + name
        + (line < 0 ? "" : ", line " + line) + ")";
  }

  /**
   * The verifier types of the locals at {@code method}'s entry, one per slot: the receiver (of
   * class {@code owner}) and the parameters, a wide one followed by {@code TOP}.
   */
  public static List<Object> entryLocals(String owner, MethodNode method) {
    return List.copyOf(FrameState.entry(owner, method).locals);
  }

  /** The verifier type of a constant loaded by {@code LDC}. */
  static Object constantType(Object constant) {
    if (constant instanceof Integer) {
      return Opcodes.INTEGER;
    } else if (constant instanceof Float) {
      return Opcodes.FLOAT;
    } else if (constant instanceof Long) {
      return Opcodes.LONG;
    } else if (constant instanceof Double) {
      return Opcodes.DOUBLE;
    } else if (constant instanceof String) {
      return "java/lang/String";
    } else if (constant instanceof Type type) {
      return type.getSort() == Type.METHOD ? "java/lang/invoke/MethodType" : "java/lang/Class";
    } else if (constant instanceof Handle) {
      return "java/lang/invoke/MethodHandle";
    } else if (constant instanceof org.objectweb.asm.ConstantDynamic dynamic) {
      return FrameTypes.of(Type.getType(dynamic.getDescriptor()));
    }
    throw new TransformException("LDC of an unknown kind of constant: " + constant);
  }

  /** Mutable locals and stack between two declared frames. */
  static final class FrameState {
    final List<Object> locals = new ArrayList<>();
    final List<Object> stack = new ArrayList<>();
    /** The smallest stack size since this state was made: what an instruction popped. */
    int lowWater;

    static FrameState of(FrameSnapshot snapshot) {
      FrameState state = new FrameState();
      state.locals.addAll(snapshot.locals());
      state.stack.addAll(snapshot.stack());
      state.lowWater = state.stack.size();
      return state;
    }

    static FrameState entry(String owner, MethodNode method) {
      FrameState state = new FrameState();
      if ((method.access & Opcodes.ACC_STATIC) == 0) {
        state.locals.add("<init>".equals(method.name) ? Opcodes.UNINITIALIZED_THIS : owner);
      }
      for (Type parameter : Type.getArgumentTypes(method.desc)) {
        Object type = FrameTypes.of(parameter);
        state.locals.add(type);
        if (FrameTypes.isWide(type)) {
          state.locals.add(Opcodes.TOP);
        }
      }
      return state;
    }

    static FrameState declared(FrameNode frame) {
      FrameState state = new FrameState();
      if (frame.local != null) {
        for (Object type : frame.local) {
          Object converted = convert(type);
          state.locals.add(converted);
          if (FrameTypes.isWide(converted)) {
            state.locals.add(Opcodes.TOP);
          }
        }
      }
      if (frame.stack != null) {
        for (Object type : frame.stack) {
          state.stack.add(convert(type));
        }
      }
      return state;
    }

    /** A frame's label of an uninitialized object, turned into the NEW instruction it marks. */
    private static Object convert(Object type) {
      if (type instanceof LabelNode label) {
        AbstractInsnNode node = label;
        while (node != null && node.getOpcode() < 0) {
          node = node.getNext();
        }
        if (node == null || node.getOpcode() != Opcodes.NEW) {
          throw new TransformException("a stack map frame's uninitialized type does not mark a"
              + " NEW instruction");
        }
        return new Uninitialized((org.objectweb.asm.tree.TypeInsnNode) node);
      }
      return type;
    }

    FrameSnapshot snapshot() {
      return new FrameSnapshot(locals, stack);
    }

    Object pop() {
      if (stack.isEmpty()) {
        throw new TransformException("pops a value from an empty operand stack");
      }
      Object top = stack.remove(stack.size() - 1);
      lowWater = Math.min(lowWater, stack.size());
      return top;
    }

    /** Applies a DUP, SWAP or POP form. */
    void shuffle(int opcode) {
      int size = stack.size();
      int popped = StackShuffles.apply(opcode, stack, FrameTypes::isWide);
      lowWater = Math.min(lowWater, size - popped);
    }

    void push(Object type) {
      if (type != null) {
        stack.add(type);
      }
    }

    Object local(int slot) {
      return slot < locals.size() ? locals.get(slot) : Opcodes.TOP;
    }

    void store(int slot, Object type) {
      int end = slot + (FrameTypes.isWide(type) ? 2 : 1);
      while (locals.size() < end) {
        locals.add(Opcodes.TOP);
      }
      if (slot > 0 && FrameTypes.isWide(locals.get(slot - 1))) {
        locals.set(slot - 1, Opcodes.TOP);
      }
      locals.set(slot, type);
      if (FrameTypes.isWide(type)) {
        locals.set(slot + 1, Opcodes.TOP);
      }
    }

    /** After a constructor runs, every copy of the object it initialized becomes that class. */
    void initialize(Object uninitialized, Object initialized) {
      locals.replaceAll(type -> type.equals(uninitialized) ? initialized : type);
      stack.replaceAll(type -> type.equals(uninitialized) ? initialized : type);
    }
  }
}
