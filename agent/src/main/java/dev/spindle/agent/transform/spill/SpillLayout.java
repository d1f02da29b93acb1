package dev.spindle.agent.transform.spill;

import java.util.List;
import java.util.Map;

/**
 * How one state machine keeps its values while suspended, the same at every await: every slot
 * live across some await has a fixed place in {@code refs} or {@code prims} and a fixed type, so
 * that one shared block saves them all and one restores them all, whatever the await. What
 * differs per await is in its {@link SitePlan}.
 *
 * @param refs slots saved in {@code refs}, by index ({@code this} first in an instance method)
 * @param prims slots saved in {@code prims}, by index
 * @param resets slots typed at some await but live at none: restored as a default value, so
 *     that the method's own frames after the await still verify
 * @param uniform the shared type of every saved slot, by state machine slot: the slot holds a
 *     value of it wherever the method may suspend (set at the start, and in the method's own
 *     stack map frames where they said nothing)
 * @param initialized saved slots that are not parameters: set to a default at the start
 * @param deadRefs for each await (1-based state k), which {@code refs} entries hold a dead
 *     value there and are cleared on suspension: {@code chars} characters per await, bit
 *     {@code j % 16} of character {@code (k - 1) * chars + j / 16}; {@code null} when none is
 * @param chars characters per await in {@code deadRefs}
 * @param taskSlot scratch slot for the awaited task while operand-stack values are saved
 */
public record SpillLayout(List<SavedSlot> refs, List<SavedSlot> prims, List<SavedSlot> resets,
    Map<Integer, Object> uniform, List<SavedSlot> initialized, String deadRefs, int chars,
    int taskSlot) {
  public SpillLayout {
    refs = List.copyOf(refs);
    prims = List.copyOf(prims);
    resets = List.copyOf(resets);
    uniform = Map.copyOf(uniform);
    initialized = List.copyOf(initialized);
  }
}
