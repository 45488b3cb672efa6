package dev.nabla.onnx.internal.ops;

import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One activation function of ONNX's recurrent ops (their {@code activations} attribute), with its
 * {@code alpha} and {@code beta}, built from differentiable tensor ops.
 */
record RnnActivation(RnnActivation.Kind kind, double alpha, double beta) {

  /** The functions the recurrent ops' schemas list, with how many of alpha and beta each takes. */
  enum Kind {
    RELU(0, 0, 0, 0),
    TANH(0, 0, 0, 0),
    SIGMOID(0, 0, 0, 0),
    AFFINE(1, 1, 1, 0),
    LEAKYRELU(1, 0, 0.01, 0),
    THRESHOLDEDRELU(1, 0, 1, 0),
    SCALEDTANH(1, 1, 1, 1),
    HARDSIGMOID(1, 1, 0.2, 0.5),
    ELU(1, 0, 1, 0),
    SOFTSIGN(0, 0, 0, 0),
    SOFTPLUS(0, 0, 0, 0);
    final int alphas, betas;
    final double alpha, beta;

    Kind(int alphas, int betas, double alpha, double beta) {
      this.alphas = alphas;
      this.betas = betas;
      this.alpha = alpha;
      this.beta = beta;
    }
  }

  /**
   * The activations named by {@code names}, taking their alphas and betas in order from {@code
   * alphas} and {@code betas} (each function consumes only the parameters it has, as ONNX Runtime
   * reads them; a function whose parameters run out takes its ONNX default).
   */
  static List<RnnActivation> parse(List<String> names, float[] alphas, float[] betas) {
    List<RnnActivation> out = new ArrayList<>();
    int ai = 0, bi = 0;
    for (String n : names) {
      Kind k;
      try {
        k = Kind.valueOf(n.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new UnsupportedNodeException(
            "activation '"
                + n
                + "' is not supported (expected one of Relu, Tanh, Sigmoid, Affine, LeakyRelu,"
                + " ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus)");
      }
      double a = k.alpha, b = k.beta;
      if (k.alphas > 0 && ai < alphas.length) {
        a = alphas[ai++];
      }
      if (k.betas > 0 && bi < betas.length) {
        b = betas[bi++];
      }
      out.add(new RnnActivation(k, a, b));
    }
    if (ai < alphas.length || bi < betas.length) {
      throw new UnsupportedNodeException(
          "activation_alpha has "
              + alphas.length
              + " and activation_beta "
              + betas.length
              + " values, but the activations "
              + names
              + " take "
              + ai
              + " and "
              + bi);
    }
    return out;
  }

  Tensor apply(Tensor x) {
    return switch (kind) {
      case RELU -> x.relu();
      case TANH -> x.tanh();
      case SIGMOID -> x.sigmoid();
      case AFFINE -> x.mul(alpha).add(beta);
      case LEAKYRELU -> x.leakyRelu(alpha);
      case THRESHOLDEDRELU -> x.maskedFill(x.le(alpha), 0);
      case SCALEDTANH -> x.mul(beta).tanh().mul(alpha);
      case HARDSIGMOID -> x.mul(alpha).add(beta).clamp(0, 1);
      // exp of the clamped input: the branch not taken must not overflow into a NaN gradient
      case ELU -> Tensor.where(x.ge(0), x, x.clampMax(0).exp().sub(1).mul(alpha));
      case SOFTSIGN -> x.div(x.abs().add(1));
      // log(1 + e^x) = max(x, 0) + log(1 + e^-|x|), which does not overflow
      case SOFTPLUS -> x.relu().add(x.abs().neg().exp().add(1).log());
    };
  }
}
