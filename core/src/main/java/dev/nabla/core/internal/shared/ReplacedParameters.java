package dev.nabla.core.internal.shared;

import dev.nabla.core.Tensor;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which tensors the modules' parameter slots hold, and which ones a module replaced and no longer
 * uses: {@code Module} reports each registration and replacement, and an optimizer asks before each
 * step, so that one still holding a replaced tensor fails instead of silently training a tensor the
 * model ignores.
 *
 * <p>A tensor replaced in one slot is unused only when no other slot (a sibling's tied weight,
 * another model sharing it) still holds it, so the slots holding each tensor are counted over every
 * module built. A slot of a module that was dropped still counts, so a replacement there can go
 * unreported, but a tensor that is still used is never reported. Both maps have weak keys, so the
 * record never keeps a tensor alive; Tensor keeps Object's identity equality, so they are identity
 * maps. Thread-safe.
 */
public final class ReplacedParameters {
  private static final Object LOCK = new Object();

  /** How many parameter slots, over every module built, hold each tensor. */
  private static final Map<Tensor, int[]> SLOTS = new WeakHashMap<>();

  /** The tensors no slot holds any longer, with where they were replaced. */
  private static final Map<Tensor, String> REPLACED = new WeakHashMap<>();

  private ReplacedParameters() {}

  /**
   * A module registered {@code t} in a new parameter slot: it is in use, also when a module had
   * replaced it before.
   */
  public static void registered(Tensor t) {
    requireTensor(t);
    synchronized (LOCK) {
      addSlots(t, +1);
      REPLACED.remove(t);
    }
  }

  /**
   * A module's parameter slot that held {@code old} now holds {@code value} ({@code where} says
   * how, e.g. {@code "Sequential.setParameter('0.weight')"}); {@code old} is recorded as replaced
   * when no other slot holds it. Nothing changes when both are the same tensor.
   */
  public static void replaced(Tensor old, Tensor value, String where) {
    requireTensor(old);
    requireTensor(value);
    if (old == value) {
      return;
    }
    synchronized (LOCK) {
      addSlots(value, +1);
      REPLACED.remove(value); // in use (again)
      if (addSlots(old, -1) == 0) { // not tied in any other slot, of this module or of another
        REPLACED.put(old, where);
      }
    }
  }

  /**
   * Where {@code t} was replaced in a module and left unused, or null when it was not. Called by
   * optimizers before each step; it does not allocate.
   */
  public static String replacedAt(Tensor t) {
    synchronized (LOCK) {
      return REPLACED.isEmpty() ? null : REPLACED.get(t);
    }
  }

  /** Adds {@code delta} to the slots holding {@code t}, returning the new count (at least 0). */
  private static int addSlots(Tensor t, int delta) {
    int[] c = SLOTS.computeIfAbsent(t, k -> new int[1]);
    c[0] = Math.max(0, c[0] + delta);
    return c[0];
  }

  private static void requireTensor(Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException("ReplacedParameters: the tensor must not be null");
    }
  }
}
