package dev.nabla.core.internal.kernels;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lane helpers every Vector API kernel shares: the FLOAT32 species and its length, loads and
 * stores that stay fast at an array's end, and a lane sum whose order does not depend on the JIT.
 */
public final class Lanes {
  /** The preferred FLOAT32 species: 16 lanes with AVX-512, 8 with AVX2. */
  public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  /** Lanes of {@link #S}. */
  public static final int L = S.length();

  private Lanes() {}

  /**
   * The sum of {@code v}'s lanes in a fixed pairwise order: lane i is added to lane i + w for w =
   * L/2, L/4, ..., 1, by constant shuffles. {@code reduceLanes(ADD)} leaves the order open, and it
   * differs between compiled code (a tree) and the interpreter's fallback (lane by lane), so a
   * result depended on when the JIT compiled its caller: runs of one program diverged in the last
   * bits. This order is the same in every tier.
   */
  public static float sumLanes(FloatVector v) {
    for (VectorShuffle<Float> h : HALVES) {
      v = v.add(v.rearrange(h));
    }
    return v.lane(0);
  }

  /** {@link #sumLanes(FloatVector)} for double lanes of the preferred species. */
  public static double sumLanes(DoubleVector v) {
    for (VectorShuffle<Double> h : DOUBLE_HALVES) {
      v = v.add(v.rearrange(h));
    }
    return v.lane(0);
  }

  private static final List<VectorShuffle<Float>> HALVES = halves(S);
  private static final List<VectorShuffle<Double>> DOUBLE_HALVES =
      halves(DoubleVector.SPECIES_PREFERRED);

  /** The shuffles i -> i XOR w for w = L/2, ..., 1. */
  private static <E> List<VectorShuffle<E>> halves(VectorSpecies<E> species) {
    List<VectorShuffle<E>> list = new ArrayList<>();
    for (int w = species.length() / 2; w > 0; w /= 2) {
      int width = w;
      list.add(VectorShuffle.fromOp(species, i -> i ^ width));
    }
    return List.copyOf(list);
  }

  /** A full vector of {@code a} from {@code off}. */
  public static FloatVector load(float[] a, int off) {
    return FloatVector.fromArray(S, a, off);
  }

  /**
   * A masked load of a prefix mask (from {@code indexInRange}). The Vector API compiles a masked
   * access to one instruction only when the whole vector lies inside the array; at an array's end
   * it falls back to a per-lane Java path that is a hundred times slower, so a tail there is staged
   * through a small array instead. Lanes outside the mask are zero either way.
   */
  public static FloatVector load(float[] a, int off, VectorMask<Float> m) {
    if (off + L <= a.length) {
      return FloatVector.fromArray(S, a, off, m);
    }
    int n = m.trueCount();
    if (n == 0) {
      return FloatVector.zero(S);
    }
    float[] t = new float[L];
    System.arraycopy(a, off, t, 0, n);
    return FloatVector.fromArray(S, t, 0);
  }

  /**
   * A masked store of a prefix mask; like {@link #load(float[], int, VectorMask)} at array ends.
   */
  public static void store(FloatVector v, float[] o, int off, VectorMask<Float> m) {
    if (off + L <= o.length) {
      v.intoArray(o, off, m);
      return;
    }
    int n = m.trueCount();
    if (n == 0) {
      return;
    }
    float[] t = new float[L];
    v.intoArray(t, 0);
    System.arraycopy(t, 0, o, off, n);
  }
}
