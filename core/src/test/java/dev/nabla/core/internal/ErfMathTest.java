package dev.nabla.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErfMathTest {

  /** erf x from Abramowitz and Stegun, Table 7.1 (15 decimals), at points of its 0.02 grid. */
  private static final double[][] AS_TABLE_7_1 = {
    {0.02, 0.022564574691845},
    {0.10, 0.112462916018285},
    {0.36, 0.389329701128664},
    {0.50, 0.520499877813047},
    {0.98, 0.834231504340208},
    {1.00, 0.842700792949715},
    {1.24, 0.920505184299030},
    {1.50, 0.966105146475311},
    {1.86, 0.991472488335640},
    {2.00, 0.995322265018953},
  };

  @Test
  void erfMatchesAbramowitzStegunTable71ToFifteenDecimals() {
    for (double[] row : AS_TABLE_7_1) {
      // The table is rounded to 15 decimals: allow that half unit plus 1e-15.
      assertThat(ErfMath.erf(row[0])).as("erf(%s)", row[0]).isCloseTo(row[1], within(1.5e-15));
    }
  }

  @Test
  void erfIsOddAndSaturates() {
    for (double[] row : AS_TABLE_7_1) {
      assertThat(ErfMath.erf(-row[0])).isEqualTo(-ErfMath.erf(row[0]));
    }
    assertThat(ErfMath.erf(0)).isZero();
    assertThat(ErfMath.erf(6)).isEqualTo(1.0);
    assertThat(ErfMath.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    assertThat(ErfMath.erf(Double.NEGATIVE_INFINITY)).isEqualTo(-1.0);
    assertThat(ErfMath.erf(Double.NaN)).isNaN();
    assertThat(ErfMath.erfc(Double.NaN)).isNaN();
  }

  @Test
  void erfcKeepsRelativeAccuracyInTheTail() {
    // Published erfc values, 16 significant digits; 1 - erf would keep none of them at x = 10.
    double[][] tail = {
      {2.5, 4.069520174449589e-4},
      {3.0, 2.209049699858544e-5},
      {4.0, 1.541725790028002e-8},
      {5.0, 1.537459794428035e-12},
      {10.0, 2.088487583762545e-45},
    };
    for (double[] row : tail) {
      assertThat(ErfMath.erfc(row[0]))
          .as("erfc(%s)", row[0])
          .isCloseTo(row[1], within(row[1] * 1e-14));
    }
    assertThat(ErfMath.erfc(30)).isZero();
  }

  @Test
  void erfcIsOneMinusErfAndTwoMinusItsMirror() {
    for (double x = -4; x <= 4; x += 0.125) {
      assertThat(ErfMath.erfc(x)).as("erfc(%s)", x).isCloseTo(1 - ErfMath.erf(x), within(5e-16));
      assertThat(ErfMath.erfc(-x)).as("erfc(-%s)", x).isCloseTo(2 - ErfMath.erfc(x), within(5e-16));
    }
  }

  @Test
  void seriesAndContinuedFractionAgreeAtTheSplit() {
    double below = Math.nextDown(ErfMath.SPLIT);
    assertThat(ErfMath.erfc(below)).isCloseTo(ErfMath.erfc(ErfMath.SPLIT), within(1e-15));
    assertThat(ErfMath.erf(below)).isCloseTo(ErfMath.erf(ErfMath.SPLIT), within(1e-15));
  }
}
