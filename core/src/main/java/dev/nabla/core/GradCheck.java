package dev.nabla.core;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Compares the gradients that {@link Tensor#backward} computes with central finite differences, in
 * FLOAT64, the way PyTorch's {@code gradcheck} does: every entry of the Jacobian of {@code fn} with
 * respect to every floating-point input.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(in -> in[0].mul(in[1]).tanh(), a, b);
 * assert r.passed() : r;
 * }</pre>
 *
 * <p>Floating-point inputs are copied to FLOAT64 and made to require grad; INT32 inputs (indices)
 * are passed through unchanged. The analytic Jacobian costs one backward pass per output element
 * and the numeric one two calls of {@code fn} per input element, so use small tensors.
 */
public final class GradCheck {
  /** Default step of the central difference. */
  public static final double EPS = 1e-6;

  /** Default absolute tolerance. */
  public static final double ATOL = 1e-5;

  /** Default relative tolerance. */
  public static final double RTOL = 1e-3;

  private GradCheck() {}

  /** Checks {@code fn} at {@code inputs} with the default step and tolerances. */
  public static Result check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
    return check(fn, EPS, ATOL, RTOL, inputs);
  }

  /**
   * Checks {@code fn} at {@code inputs}: an entry passes when {@code |analytic - numeric| <= atol +
   * rtol * |numeric|}.
   */
  public static Result check(
      Function<Tensor[], Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
    if (fn == null || inputs == null || inputs.length == 0) {
      throw new IllegalArgumentException(
          "GradCheck.check: expected a function and at least one input");
    }
    if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException(
          "GradCheck.check: expected eps > 0, atol >= 0, rtol >= 0, got eps="
              + eps
              + ", atol="
              + atol
              + ", rtol="
              + rtol);
    }
    Tensor[] xs = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor in = inputs[i];
      if (in == null) {
        throw new IllegalArgumentException("GradCheck.check: input " + i + " is null");
      }
      xs[i] =
          in.dtype().isFloatingPoint()
              ? Tensor.of(in.toDoubleArray(), in.shape()).requiresGrad(true)
              : in;
    }
    Tensor y = fn.apply(xs);
    if (y == null || y.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(
          "GradCheck.check: fn must return a FLOAT64 tensor for FLOAT64 inputs, got "
              + (y == null ? "null" : y.dtype()));
    }
    int outN = y.size();
    double[][][] analytic = new double[xs.length][][];
    for (int i = 0; i < xs.length; i++) {
      analytic[i] = new double[outN][xs[i].size()];
    }
    if (y.requiresGrad()) {
      for (int j = 0; j < outN; j++) {
        double[] seed = new double[outN];
        seed[j] = 1;
        for (Tensor x : xs) {
          x.zeroGrad();
        }
        y.backward(Tensor.of(seed, y.shape()), true);
        for (int i = 0; i < xs.length; i++) {
          if (xs[i].grad() != null) {
            analytic[i][j] = xs[i].grad().toDoubleArray();
          }
        }
      }
    }
    Result worst = new Result(true, -1, null, null, 0, 0, 0, 0);
    double worstRatio = -1;
    for (int i = 0; i < xs.length; i++) {
      if (!xs[i].dtype().isFloatingPoint()) {
        continue;
      }
      double[] base = xs[i].toDoubleArray();
      int[] shape = xs[i].shape();
      for (int k = 0; k < base.length; k++) {
        double[] plus = evaluate(fn, xs, i, base, k, eps, shape);
        double[] minus = evaluate(fn, xs, i, base, k, -eps, shape);
        for (int j = 0; j < outN; j++) {
          double numeric = (plus[j] - minus[j]) / (2 * eps);
          double a = analytic[i][j][k];
          double err = Math.abs(a - numeric);
          double allowed = atol + rtol * Math.abs(numeric);
          double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
          if (ratio > worstRatio) {
            worstRatio = ratio;
            worst =
                new Result(
                    err <= allowed,
                    i,
                    unravel(k, shape),
                    unravel(j, y.shape()),
                    a,
                    numeric,
                    err,
                    err / Math.max(Math.abs(numeric), Double.MIN_NORMAL));
          }
        }
      }
    }
    boolean passed = worstRatio <= 1;
    return new Result(
        passed,
        worst.input,
        worst.index,
        worst.outputIndex,
        worst.analytic,
        worst.numeric,
        worst.absoluteError,
        worst.relativeError);
  }

  private static double[] evaluate(
      Function<Tensor[], Tensor> fn,
      Tensor[] xs,
      int i,
      double[] base,
      int k,
      double delta,
      int[] shape) {
    double[] moved = base.clone();
    moved[k] += delta;
    Tensor[] args = xs.clone();
    args[i] = Tensor.of(moved, shape);
    try (var _ = Grad.disabled()) {
      return fn.apply(args).toDoubleArray();
    }
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] > 0) {
        idx[d] = flat % shape[d];
        flat /= shape[d];
      }
    }
    return idx;
  }

  /**
   * The outcome of a check and its worst Jacobian entry: which input, the element's index in it,
   * the output element, the analytic and numeric derivatives, and their absolute and relative
   * error.
   *
   * @param passed whether every Jacobian entry was within {@code atol + rtol * |numeric|}
   * @param input which input holds the worst entry (the one furthest outside, or least inside, its
   *     tolerance); {@code -1} when no input has a floating-point element to check
   * @param index the worst entry's element in that input ({@code null} when {@code input} is -1)
   * @param outputIndex the output element it is the derivative of ({@code null} when {@code input}
   *     is -1)
   * @param analytic the derivative computed by backward
   * @param numeric the central finite-difference estimate
   * @param absoluteError {@code |analytic - numeric|}
   * @param relativeError the absolute error divided by {@code |numeric|}
   */
  public record Result(
      boolean passed,
      int input,
      int[] index,
      int[] outputIndex,
      double analytic,
      double numeric,
      double absoluteError,
      double relativeError) {

    @Override
    public String toString() {
      if (input < 0) {
        return "GradCheck "
            + (passed ? "passed" : "FAILED")
            + ": no floating-point input elements to check";
      }
      return String.format(
          "GradCheck %s: worst entry d output%s / d input %d%s: analytic=%.10g, numeric=%.10g, "
              + "absolute error=%.3g, relative error=%.3g",
          passed ? "passed" : "FAILED",
          Arrays.toString(outputIndex),
          input,
          Arrays.toString(index),
          analytic,
          numeric,
          absoluteError,
          relativeError);
    }
  }
}
