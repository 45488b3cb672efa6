package dev.nabla.core.internal.kernels.conv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The convolution strategy is chosen in one place, by geometry, dtype and kernel set. */
class ConvStrategyTest {
  private static Conv2dGeometry geometry(int channels, int kernel, int stride, int padding) {
    return new Conv2dGeometry(4, channels, 12, 12, 8, kernel, kernel, stride, padding);
  }

  @Test
  void vectorFloat32StrideOneWindowsRunAsImplicitGemm() {
    assertThat(ConvStrategy.choose(geometry(32, 3, 1, 1), true, true))
        .isEqualTo(ConvStrategy.IMPLICIT_GEMM);
    assertThat(ConvStrategy.choose(geometry(1, 3, 1, 0), true, true))
        .isEqualTo(ConvStrategy.IMPLICIT_GEMM);
  }

  @Test
  void thinPatchesBatchTheirImagesAndWideOnesRunPerImage() {
    // 1 channel x 3x3 = 9 < 64; 32 channels x 3x3 = 288
    assertThat(ConvStrategy.choose(geometry(1, 3, 1, 1), false, true))
        .isEqualTo(ConvStrategy.BATCHED_IM2COL);
    assertThat(ConvStrategy.choose(geometry(32, 3, 1, 1), false, true))
        .isEqualTo(ConvStrategy.PER_IMAGE_IM2COL);
    // the vector kernels take the same im2col paths where the implicit GEMM does not apply
    assertThat(ConvStrategy.choose(geometry(1, 3, 2, 1), true, true))
        .isEqualTo(ConvStrategy.BATCHED_IM2COL);
    assertThat(ConvStrategy.choose(geometry(128, 1, 1, 0), true, true))
        .isEqualTo(ConvStrategy.PER_IMAGE_IM2COL);
  }

  @Test
  void float64AlwaysRunsPerImage() {
    assertThat(ConvStrategy.choose(geometry(1, 3, 1, 1), true, false))
        .isEqualTo(ConvStrategy.PER_IMAGE_IM2COL);
    assertThat(ConvStrategy.choose(geometry(1, 3, 1, 1), false, false))
        .isEqualTo(ConvStrategy.PER_IMAGE_IM2COL);
  }

  @Test
  void signBitIsOneExactlyForNegativeValuesAndNegativeZero() {
    assertThat(SignBit.of(-0f)).isEqualTo(1);
    assertThat(SignBit.of(0f)).isZero();
    assertThat(SignBit.of(-3.5f)).isEqualTo(1);
    assertThat(SignBit.of(Float.MIN_VALUE)).isZero();
    assertThat(SignBit.of(-0.0)).isEqualTo(1);
    assertThat(SignBit.of(0.0)).isZero();
    assertThat(SignBit.of(-Double.MIN_VALUE)).isEqualTo(1);
    assertThat(SignBit.of(Double.MAX_VALUE)).isZero();
  }
}
