package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * INT64 and BOOL tensors: creation, read-out, data movement, casts (values from PyTorch 1.13's
 * {@code .to(dtype)}), comparisons and logic.
 */
class Int64AndBoolTest {

  private static final long BIG = 3_000_000_000L;

  // ---------------------------------------------------------------- creation and read-out

  @Test
  void int64TensorsHoldValuesBeyondTheIntRange() {
    long[] data = {BIG, -BIG, 1L << 40};
    Tensor t = Tensor.of(data, 3);
    data[0] = 0; // of copies

    assertThat(t.dtype()).isEqualTo(DType.INT64);
    assertThat(t.longStorage()).containsExactly(BIG, -BIG, 1L << 40);
    assertThat(t.toLongArray()).containsExactly(BIG, -BIG, 1L << 40);
    assertThat(DType.INT64.byteSize()).isEqualTo(8);
    assertThat(DType.INT64.isFloatingPoint()).isFalse();
    assertThat(DType.INT64.isInteger()).isTrue();
    assertThatThrownBy(() -> t.requiresGrad(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT64 tensors cannot require grad");
  }

  @Test
  void boolTensorsHoldBooleans() {
    Tensor t = Tensor.of(new boolean[] {true, false, true, true}, 2, 2);

    assertThat(t.dtype()).isEqualTo(DType.BOOL);
    assertThat(t.boolStorage()).containsExactly(true, false, true, true);
    assertThat(t.toIntArray()).containsExactly(1, 0, 1, 1);
    assertThat(t.toFloatArray()).containsExactly(1f, 0f, 1f, 1f);
    assertThat(DType.BOOL.byteSize()).isEqualTo(1);
    assertThat(DType.BOOL.isFloatingPoint()).isFalse();
    assertThat(DType.BOOL.isInteger()).isFalse();
    assertThatThrownBy(() -> t.requiresGrad(true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.intStorage())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("intStorage: this tensor is BOOL, expected INT32");
  }

  @Test
  void factoriesMakeInt64AndBoolTensors() {
    assertThat(Tensor.zeros(DType.INT64, 2).longStorage()).containsExactly(0L, 0L);
    assertThat(Tensor.ones(DType.INT64, 2).longStorage()).containsExactly(1L, 1L);
    assertThat(Tensor.full(DType.INT64, -2.9, 2).longStorage()).containsExactly(-2L, -2L);
    assertThat(Tensor.scalar(DType.INT64, 7).longStorage()).containsExactly(7L);
    assertThat(Tensor.arange(DType.INT64, 0, 4, 1).longStorage()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(Tensor.zeros(DType.BOOL, 2).boolStorage()).containsExactly(false, false);
    assertThat(Tensor.ones(DType.BOOL, 2).boolStorage()).containsExactly(true, true);
    assertThat(Tensor.full(DType.BOOL, 0.5, 1).boolStorage()).containsExactly(true);
    assertThat(Tensor.scalar(DType.BOOL, 0).boolStorage()).containsExactly(false);
    assertThat(Tensor.arange(DType.BOOL, 0, 3, 1).boolStorage()).containsExactly(false, true, true);
    assertThat(Tensor.scalar(DType.BOOL, 1).item()).isEqualTo(1.0);
    assertThat(Tensor.scalar(DType.INT64, BIG).item()).isEqualTo(3e9);
  }

  @Test
  void fillCopyAndAllClose() {
    Tensor l = Tensor.zeros(DType.INT64, 3).fill(-4.5);
    Tensor b = Tensor.zeros(DType.BOOL, 2).fill(3);
    Tensor lc = l.copy();
    lc.longStorage()[0] = 9;

    assertThat(l.longStorage()).containsExactly(-4L, -4L, -4L);
    assertThat(b.boolStorage()).containsExactly(true, true);
    assertThat(l.allClose(Tensor.of(new long[] {-4, -4, -4}, 3))).isTrue();
    assertThat(lc.allClose(l)).isFalse();
    // INT64 compares exactly: a difference of 1 in 2^62 is a difference
    assertThat(
            Tensor.of(new long[] {1L << 62}, 1)
                .allClose(Tensor.of(new long[] {(1L << 62) + 1}, 1), 1e-3, 1e-3))
        .isFalse();
    assertThat(Tensor.of(new long[] {1L << 40, 2}, 2).mulInPlace(3).toLongArray())
        .containsExactly(3L << 40, 6L);
    assertThat(l.copy().addInPlace(Tensor.of(new long[] {1L << 40}, 1), 2).toLongArray())
        .containsExactly((2L << 40) - 4, (2L << 40) - 4, (2L << 40) - 4);
    assertThatThrownBy(() -> b.copy().mulInPlace(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BOOL has no arithmetic");
    assertThat(b.allClose(Tensor.ones(DType.BOOL, 2))).isTrue();
    assertThat(b.allClose(Tensor.zeros(DType.BOOL, 2))).isFalse();
  }

  @Test
  void toStringPrintsIntegersAndTrueFalseAsPyTorchDoes() {
    assertThat(Tensor.of(new long[] {1L << 40, 1}, 2).toString())
        .isEqualTo("tensor([1099511627776,             1], dtype=INT64)");
    // torch.tensor([2**63-1, -(2**53)-1]) prints the same digits
    assertThat(Tensor.of(new long[] {Long.MAX_VALUE, -(1L << 53) - 1}, 2).toString())
        .isEqualTo("tensor([9223372036854775807,   -9007199254740993], dtype=INT64)");
    assertThat(Tensor.of(new boolean[] {true, false}, 2).toString())
        .isEqualTo("tensor([ True, False])");
  }

  // ---------------------------------------------------------------- data movement

  @Test
  void shapeOpsMoveInt64Values() {
    Tensor t = Tensor.of(new long[] {BIG, 1, 2, 3, 4, 5}, 2, 3);

    assertThat(t.reshape(3, 2).longStorage()).containsExactly(BIG, 1, 2, 3, 4, 5);
    assertThat(t.transpose().toLongArray()).containsExactly(BIG, 3, 1, 4, 2, 5);
    assertThat(t.slice(1, 0, 3, 2).toLongArray()).containsExactly(BIG, 2, 3, 5);
    assertThat(Tensor.concat(0, t, t).shape()).containsExactly(4, 3);
    assertThat(Tensor.concat(1, t, t).toLongArray())
        .containsExactly(BIG, 1, 2, BIG, 1, 2, 3, 4, 5, 3, 4, 5);
    assertThat(Tensor.stack(0, t, t).shape()).containsExactly(2, 2, 3);
    assertThat(t.unsqueeze(0).squeeze(0).toLongArray()).containsExactly(BIG, 1, 2, 3, 4, 5);
    assertThat(Tensor.of(new long[] {BIG, 7}, 2, 1).broadcastTo(2, 3).toLongArray())
        .containsExactly(BIG, BIG, BIG, 7, 7, 7);
    assertThat(t.gather(1, Tensor.of(new int[] {2, 0, 1, 1}, 2, 2)).toLongArray())
        .containsExactly(2, BIG, 4, 4);
    assertThat(t.permute(1, 0).reshape(1, 6).toLongArray()).containsExactly(BIG, 3, 1, 4, 2, 5);
  }

  @Test
  void shapeOpsMoveBoolValues() {
    Tensor t = Tensor.of(new boolean[] {true, false, false, true, true, false}, 2, 3);

    assertThat(t.transpose().toBooleanArray())
        .containsExactly(true, true, false, true, false, false);
    assertThat(t.slice(1, 1, 3).toBooleanArray()).containsExactly(false, false, true, false);
    assertThat(Tensor.concat(0, t, t).toBooleanArray()).hasSize(12);
    assertThat(Tensor.stack(1, t, t).shape()).containsExactly(2, 2, 3);
    assertThat(Tensor.of(new boolean[] {true, false}, 2, 1).broadcastTo(2, 2).toBooleanArray())
        .containsExactly(true, true, false, false);
    assertThat(t.gather(0, Tensor.of(new long[] {1, 0, 1}, 1, 3)).toBooleanArray())
        .containsExactly(true, false, false);
    assertThat(t.reshape(6).unsqueeze(1).dtype()).isEqualTo(DType.BOOL);
  }

  @Test
  void gatherTakesAnInt64IndexAndNamesAnOutOfRangeOne() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);

    Tensor g = x.gather(0, Tensor.of(new long[] {2, 2, 0}, 3));
    g.sum().backward();

    assertThat(g.toDoubleArray()).containsExactly(3, 3, 1);
    assertThat(x.grad().toDoubleArray()).containsExactly(1, 0, 2);
    assertThatThrownBy(() -> x.gather(0, Tensor.of(new long[] {0, BIG}, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("gather: index value 3000000000 at position [1] is out of range");
    assertThatThrownBy(() -> x.gather(0, Tensor.of(new boolean[] {true}, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gather: index must be INT32 or INT64, got BOOL");
  }

  // ---------------------------------------------------------------- casts

  @Test
  void castsFollowPyTorch() {
    // torch.tensor([3000000000, -3000000000, 2**40+5]).to(torch.int32): wraps
    assertThat(Tensor.of(new long[] {BIG, -BIG, (1L << 40) + 5}, 3).to(DType.INT32).toIntArray())
        .containsExactly(-1294967296, 1294967296, 5);
    // float -> int truncates toward zero; anything -> bool is != 0, NaN true, -0.0 false
    Tensor f = Tensor.of(new float[] {-2.7f, 2.7f, -0.0f, Float.NaN}, 4);
    assertThat(f.to(DType.INT64).toLongArray()).containsExactly(-2L, 2L, 0L, 0L);
    assertThat(f.to(DType.BOOL).toBooleanArray()).containsExactly(true, true, false, true);
    assertThat(Tensor.of(new double[] {-2.7, 0}, 2).to(DType.INT64).toLongArray())
        .containsExactly(-2L, 0L);
    // 2^53 + 1 rounds to 2^53 in both float types
    Tensor odd = Tensor.of(new long[] {(1L << 53) + 1}, 1);
    assertThat(odd.to(DType.FLOAT32).item()).isEqualTo(9007199254740992.0);
    assertThat(odd.to(DType.FLOAT64).item()).isEqualTo(9007199254740992.0);
    assertThat(Tensor.of(new int[] {2, 0, -1}, 3).to(DType.BOOL).toBooleanArray())
        .containsExactly(true, false, true);
    assertThat(Tensor.of(new int[] {-5}, 1).to(DType.INT64).toLongArray()).containsExactly(-5L);
    assertThat(Tensor.of(new long[] {BIG, 0}, 2).to(DType.BOOL).toBooleanArray())
        .containsExactly(true, false);
    Tensor b = Tensor.of(new boolean[] {true, false}, 2);
    assertThat(b.to(DType.FLOAT32).toFloatArray()).containsExactly(1f, 0f);
    assertThat(b.to(DType.FLOAT64).toDoubleArray()).containsExactly(1.0, 0.0);
    assertThat(b.to(DType.INT32).toIntArray()).containsExactly(1, 0);
    assertThat(b.to(DType.INT64).toLongArray()).containsExactly(1L, 0L);
  }

  @Test
  void everyPairOfDTypesConverts() {
    for (DType from : DType.values()) {
      for (DType to : DType.values()) {
        Tensor x = Tensor.of(new double[] {0, 1, 3}, 3).to(from);
        Tensor y = x.to(to);
        double[] want = from == DType.BOOL || to == DType.BOOL ? new double[] {0, 1, 1} : null;
        assertThat(y.dtype()).as("%s -> %s", from, to).isEqualTo(to);
        assertThat(y.toDoubleArray())
            .as("%s -> %s", from, to)
            .containsExactly(want != null ? want : new double[] {0, 1, 3});
      }
    }
  }

  // ---------------------------------------------------------------- arithmetic, comparisons, logic

  @Test
  void int64ArithmeticAndSumsWrapAsTorchDoes() {
    Tensor a = Tensor.of(new long[] {BIG, Long.MAX_VALUE}, 2);
    Tensor b = Tensor.of(new long[] {BIG, 1}, 2);

    assertThat(a.add(b).toLongArray()).containsExactly(2 * BIG, Long.MIN_VALUE);
    assertThat(a.sub(b).toLongArray()).containsExactly(0L, Long.MAX_VALUE - 1);
    assertThat(a.mul(2).toLongArray()).containsExactly(2 * BIG, -2L);
    assertThat(b.sum().dtype()).isEqualTo(DType.INT64);
    assertThat(b.sum().toLongArray()).containsExactly(BIG + 1);
    assertThat(Tensor.of(new long[] {1, 2, 3, 4}, 2, 2).sum(0).toLongArray())
        .containsExactly(4L, 6L);
    assertThat(b.neg().toLongArray()).containsExactly(-BIG, -1L);
    assertThat(a.maximum(b).toLongArray()).containsExactly(BIG, Long.MAX_VALUE);
    assertThat(Tensor.of(new long[] {1, BIG, 2}, 3).max().toLongArray()).containsExactly(BIG);
    assertThat(Tensor.of(new long[] {1, BIG, 2}, 3).argmax().intItem()).isEqualTo(1);
    assertThatThrownBy(() -> a.div(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("div: expected FLOAT32 or FLOAT64 tensors, got INT64");
    assertThatThrownBy(() -> a.exp()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparisonsReturnBool() {
    Tensor a = Tensor.of(new long[] {BIG, 1, 2}, 3);
    Tensor b = Tensor.of(new long[] {BIG + 1, 1, 1}, 3);

    assertThat(a.eq(b).dtype()).isEqualTo(DType.BOOL);
    assertThat(a.eq(b).toBooleanArray()).containsExactly(false, true, false);
    assertThat(a.ne(b).toBooleanArray()).containsExactly(true, false, true);
    assertThat(a.lt(b).toBooleanArray()).containsExactly(true, false, false);
    assertThat(a.ge(1).toBooleanArray()).containsExactly(true, true, true);
    Tensor p = Tensor.of(new boolean[] {true, false}, 2);
    assertThat(p.eq(Tensor.of(new boolean[] {true, true}, 2)).toBooleanArray())
        .containsExactly(true, false);
    assertThat(p.gt(Tensor.of(new boolean[] {false, false}, 2)).toBooleanArray())
        .containsExactly(true, false);
  }

  @Test
  void logicalOpsOnBoolBroadcast() {
    Tensor p = Tensor.of(new boolean[] {true, false, true, false}, 2, 2);
    Tensor q = Tensor.of(new boolean[] {true, false}, 2);

    assertThat(p.logicalNot().toBooleanArray()).containsExactly(false, true, false, true);
    assertThat(p.logicalAnd(q).toBooleanArray()).containsExactly(true, false, true, false);
    assertThat(p.logicalOr(q).toBooleanArray()).containsExactly(true, false, true, false);
    assertThat(p.logicalOr(Tensor.scalar(DType.BOOL, 1)).toBooleanArray())
        .containsExactly(true, true, true, true);
    assertThat(p.logicalAnd(q.reshape(2, 1)).toBooleanArray())
        .containsExactly(true, false, false, false);
    assertThatThrownBy(() -> Tensor.ones(2).logicalNot())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("logicalNot: expected BOOL tensors, got FLOAT32");
    assertThatThrownBy(() -> p.logicalAnd(Tensor.ones(DType.INT32, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("logicalAnd: expected BOOL tensors, got INT32 for other");
    assertThatThrownBy(() -> p.logicalOr(Tensor.ones(DType.BOOL, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("logicalOr:");
  }
}
