package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** OpCheck itself: it passes a correct op, and its failures say what, where and how far off. */
class OpCheckTest {

  @Test
  void aCorrectOpPassesUnderBothKernelSetsAndTheReplayRunsUnderTheOtherSet() {
    String other = Backend.kernels().equals("vector") ? "plain" : "vector";
    if (!OpCheck.Replay.replaying) { // the replay runs this method too: it must not clear the marks
      System.clearProperty("opcheck.test.seen.plain");
      System.clearProperty("opcheck.test.seen.vector");
    }

    // a system property is the one channel shared with the replay's class loader
    OpCheck.unary(
            "square",
            x -> {
              System.setProperty("opcheck.test.seen." + Backend.kernels(), "yes");
              return x.mul(x);
            },
            v -> v * v)
        .check();

    assertThat(System.getProperty("opcheck.test.seen." + Backend.kernels())).isEqualTo("yes");
    if (!OpCheck.Replay.replaying
        && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
      assertThat(System.getProperty("opcheck.test.seen." + other))
          .as("ran under kernels=" + other)
          .isEqualTo("yes");
    }
  }

  @Test
  void aWrongValueNamesTheOpDtypeKernelsShapesAndWorstIndex() {
    assertThatThrownBy(
            () ->
                OpCheck.of(
                        "almostExp",
                        in -> in[0].exp(),
                        in -> {
                          double[] v = in[0].values().clone();
                          for (int i = 0; i < v.length; i++) {
                            v[i] = Math.exp(v[i]) * (i == 4 ? 1.01 : 1);
                          }
                          return new OpCheck.Array(in[0].shape(), v);
                        })
                    .shapes(new int[] {2, 3})
                    .check())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("OpCheck almostExp FLOAT32 kernels=" + Backend.kernels())
        .hasMessageContaining("shapes [2, 3]")
        .hasMessageContaining("worst index [1, 1]");
  }

  @Test
  void aWrongShapeIsReported() {
    assertThatThrownBy(
            () -> OpCheck.of("sum", in -> in[0].sum(), in -> in[0]).shapes(new int[] {3}).check())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("output shape [], expected [3]");
  }

  @Test
  void aWrongGradientIsReported() {
    // forward matches the reference, backward is that of x^2: GradCheck fails
    Op wrong =
        new Op() {
          @Override
          protected Tensor forward(OpContext ctx, Tensor... in) {
            ctx.save(in[0]);
            return in[0].mul(3);
          }

          @Override
          protected Tensor[] backward(OpContext ctx, Tensor grad) {
            return new Tensor[] {grad.mul(ctx.saved(0)).mul(2)};
          }
        };
    assertThatThrownBy(() -> OpCheck.unary("triple", wrong::apply, v -> 3 * v).check())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("OpCheck triple gradient FLOAT64 kernels=" + Backend.kernels());
  }

  @Test
  void aDifferenceOnlyUnderThePlainKernelsIsReportedWithThoseKernels() {
    Runnable check =
        () ->
            OpCheck.unary(
                    "drifts",
                    x -> Backend.kernels().equals("plain") ? x.mul(1.5) : x.mul(1),
                    v -> v)
                .noGradients()
                .check();
    if (OpCheck.Replay.replaying) {
      check.run(); // in the replay, the failure must escape to the JVM's own check
      return;
    }
    assumeTrue(
        Backend.kernels().equals("vector"), "the replay runs the plain kernels from a vector JVM");

    assertThatThrownBy(check::run)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("under kernels=plain (replay of dev.nabla.core.OpCheckTest#")
        .hasMessageContaining("OpCheck drifts FLOAT32 kernels=plain shapes []");
  }
}
