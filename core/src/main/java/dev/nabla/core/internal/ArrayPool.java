package dev.nabla.core.internal;

import java.util.Arrays;

/**
 * A small per-thread cache of float arrays, by length, in the spirit of PyTorch's CPU caching
 * allocator: a leaf's gradient that {@code zeroGrad()} drops is given back here when nothing else
 * can hold it, and the next step's gradient of the same size is allocated from it, so steady-state
 * training does not allocate its weight gradients anew every step.
 *
 * <p>Only arrays no one else can reach may be given: the caller proves it (a gradient the engine
 * allocated and never handed out). An array taken from here is zero-filled, as a new one is. The
 * cache is bounded (a few arrays, at most {@value #MAX_FLOATS} floats per thread), holds arrays of
 * at least {@value #MIN_LENGTH} elements only (small ones cost less to allocate than to look up),
 * and is per thread, so it needs no lock.
 */
public final class ArrayPool {
  /** Arrays shorter than this are neither kept nor looked up. */
  public static final int MIN_LENGTH = 1024;

  private static final int SLOTS = 16;
  private static final long MAX_FLOATS = 16L << 20; // 64 MB per thread

  private static final ThreadLocal<ArrayPool> POOL = ThreadLocal.withInitial(ArrayPool::new);

  private final float[][] slots = new float[SLOTS][];
  private long held;

  private ArrayPool() {}

  /** Keeps {@code a} for reuse; the caller guarantees nothing else holds it. */
  public static void give(float[] a) {
    if (a.length < MIN_LENGTH) {
      return;
    }
    ArrayPool p = POOL.get();
    if (p.held + a.length > MAX_FLOATS) {
      return;
    }
    for (int i = 0; i < SLOTS; i++) {
      float[] s = p.slots[i];
      if (s == a) {
        return; // given twice: keep it once
      }
      if (s == null) {
        p.slots[i] = a;
        p.held += a.length;
        return;
      }
    }
  }

  /** A zero-filled array of {@code n} floats from the cache, or null when it holds none. */
  public static float[] takeZeroed(int n) {
    float[] a = take(n);
    if (a != null) {
      Arrays.fill(a, 0f);
    }
    return a;
  }

  /**
   * An array of {@code n} floats from the cache holding stale values, or null when it holds none:
   * only for a caller that writes every element before anything reads it.
   */
  public static float[] take(int n) {
    if (n < MIN_LENGTH) {
      return null;
    }
    ArrayPool p = POOL.get();
    if (p.held == 0) {
      return null;
    }
    for (int i = 0; i < SLOTS; i++) {
      float[] s = p.slots[i];
      if (s != null && s.length == n) {
        p.slots[i] = null;
        p.held -= n;
        return s;
      }
    }
    return null;
  }
}
