package dev.nabla.optim.internal;

/**
 * The optimizers' update loops: one fused pass over a parameter, its gradient and its state
 * buffers, written in place, with every coefficient computed by the caller once per parameter. One
 * method per optimizer family and dtype; FLOAT32 arithmetic stays in float, as PyTorch's does, and
 * coefficients such as {@code 1 - beta1} come in computed in double (Python floats in PyTorch).
 *
 * <p>Flags such as {@code weightDecay != 0} are loop invariants, which the JIT hoists out of the
 * loop; the arrays are assumed validated (same length).
 */
public final class FusedUpdates {
  private FusedUpdates() {}

  // ---------------------------------------------------------------- float

  /** SGD without momentum: {@code g += weightDecay * p; p -= lr * g}. */
  public static void sgd(float[] p, float[] g, float lr, float weightDecay) {
    boolean decay = weightDecay != 0;
    for (int i = 0; i < p.length; i++) {
      float gi = decay ? g[i] + weightDecay * p[i] : g[i];
      p[i] -= lr * gi;
    }
  }

  /**
   * SGD with momentum: {@code g += weightDecay * p; b = first ? g : momentum * b + (1 - dampening)
   * * g; g = nesterov ? g + momentum * b : b; p -= lr * g}.
   */
  public static void sgdMomentum(
      float[] p,
      float[] g,
      float[] buf,
      boolean first,
      float lr,
      float momentum,
      float oneMinusDampening,
      boolean nesterov,
      float weightDecay) {
    // Branch-free so that the JIT vectorizes: the first step is b = 0 * b + 1 * g (b starts at
    // zero), and the plain direction is 0 * g + 1 * b; both are exact for finite values.
    float keepBuf = first ? 0 : momentum;
    float takeGrad = first ? 1 : oneMinusDampening;
    float dirGrad = nesterov ? 1 : 0;
    float dirBuf = nesterov ? momentum : 1;
    boolean decay = weightDecay != 0;
    for (int i = 0; i < p.length; i++) {
      float gi = decay ? g[i] + weightDecay * p[i] : g[i];
      float b = keepBuf * buf[i] + takeGrad * gi;
      buf[i] = b;
      p[i] -= lr * (dirGrad * gi + dirBuf * b);
    }
  }

  /**
   * Adam and AdamW: {@code p *= decoupledFactor; g += weightDecay * p; m = beta1 m + (1 - beta1) g;
   * v = beta2 v + (1 - beta2) g^2; p -= stepSize * m / (sqrt(v) / bc2Sqrt + eps)}, where the caller
   * passes {@code stepSize = lr / (1 - beta1^t)}, {@code bc2Sqrt = sqrt(1 - beta2^t)}, {@code
   * decoupledFactor = 1 - lr * wd} for AdamW (else 1) and {@code weightDecay} for Adam (else 0).
   */
  public static void adam(
      float[] p,
      float[] g,
      float[] m,
      float[] v,
      float beta1,
      float oneMinusBeta1,
      float beta2,
      float oneMinusBeta2,
      float weightDecay,
      float decoupledFactor,
      float stepSize,
      float bc2Sqrt,
      float eps) {
    boolean decay = weightDecay != 0;
    boolean decoupled = decoupledFactor != 1;
    for (int i = 0; i < p.length; i++) {
      float pi = decoupled ? p[i] * decoupledFactor : p[i];
      float gi = decay ? g[i] + weightDecay * pi : g[i];
      float mi = beta1 * m[i] + oneMinusBeta1 * gi;
      float vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi);
      m[i] = mi;
      v[i] = vi;
      float denom = (float) Math.sqrt(vi) / bc2Sqrt + eps;
      p[i] = pi - stepSize * (mi / denom);
    }
  }

  /**
   * RMSprop: {@code g += weightDecay * p; s = alpha s + (1 - alpha) g^2}; centered (gAvg not null):
   * {@code a = alpha a + (1 - alpha) g; s~ = s - a^2} (clamped at 0 against rounding); {@code d = g
   * / (sqrt(s~) + eps)}; with momentum (buf not null) {@code b = momentum b + d; p -= lr b}, else
   * {@code p -= lr d}.
   */
  public static void rmsprop(
      float[] p,
      float[] g,
      float[] squareAvg,
      float[] gradAvg,
      float[] buf,
      float lr,
      float alpha,
      float oneMinusAlpha,
      float eps,
      float momentum,
      float weightDecay) {
    boolean decay = weightDecay != 0;
    boolean centered = gradAvg != null;
    boolean withMomentum = buf != null;
    for (int i = 0; i < p.length; i++) {
      float gi = decay ? g[i] + weightDecay * p[i] : g[i];
      float s = alpha * squareAvg[i] + oneMinusAlpha * (gi * gi);
      squareAvg[i] = s;
      if (centered) {
        float a = alpha * gradAvg[i] + oneMinusAlpha * gi;
        gradAvg[i] = a;
        s = Math.max(0, s - a * a);
      }
      float d = gi / ((float) Math.sqrt(s) + eps);
      if (withMomentum) {
        float b = momentum * buf[i] + d;
        buf[i] = b;
        p[i] -= lr * b;
      } else {
        p[i] -= lr * d;
      }
    }
  }

  /** Sum of squares, accumulated in double. */
  public static double sumOfSquares(float[] g) {
    double s = 0;
    for (float x : g) {
      s += (double) x * x;
    }
    return s;
  }

  /** {@code g *= factor}. */
  public static void scale(float[] g, float factor) {
    for (int i = 0; i < g.length; i++) {
      g[i] *= factor;
    }
  }

  /** Clamps every element to {@code [-clip, clip]}; NaN stays NaN. */
  public static void clamp(float[] g, float clip) {
    for (int i = 0; i < g.length; i++) {
      float x = g[i];
      g[i] = x > clip ? clip : (x < -clip ? -clip : x);
    }
  }

  // ---------------------------------------------------------------- double

  /** SGD without momentum: {@code g += weightDecay * p; p -= lr * g}. */
  public static void sgd(double[] p, double[] g, double lr, double weightDecay) {
    boolean decay = weightDecay != 0;
    for (int i = 0; i < p.length; i++) {
      double gi = decay ? g[i] + weightDecay * p[i] : g[i];
      p[i] -= lr * gi;
    }
  }

  /**
   * SGD with momentum: {@code g += weightDecay * p; b = first ? g : momentum * b + (1 - dampening)
   * * g; g = nesterov ? g + momentum * b : b; p -= lr * g}.
   */
  public static void sgdMomentum(
      double[] p,
      double[] g,
      double[] buf,
      boolean first,
      double lr,
      double momentum,
      double oneMinusDampening,
      boolean nesterov,
      double weightDecay) {
    // Branch-free so that the JIT vectorizes: the first step is b = 0 * b + 1 * g (b starts at
    // zero), and the plain direction is 0 * g + 1 * b; both are exact for finite values.
    double keepBuf = first ? 0 : momentum;
    double takeGrad = first ? 1 : oneMinusDampening;
    double dirGrad = nesterov ? 1 : 0;
    double dirBuf = nesterov ? momentum : 1;
    boolean decay = weightDecay != 0;
    for (int i = 0; i < p.length; i++) {
      double gi = decay ? g[i] + weightDecay * p[i] : g[i];
      double b = keepBuf * buf[i] + takeGrad * gi;
      buf[i] = b;
      p[i] -= lr * (dirGrad * gi + dirBuf * b);
    }
  }

  /**
   * Adam and AdamW: {@code p *= decoupledFactor; g += weightDecay * p; m = beta1 m + (1 - beta1) g;
   * v = beta2 v + (1 - beta2) g^2; p -= stepSize * m / (sqrt(v) / bc2Sqrt + eps)}, where the caller
   * passes {@code stepSize = lr / (1 - beta1^t)}, {@code bc2Sqrt = sqrt(1 - beta2^t)}, {@code
   * decoupledFactor = 1 - lr * wd} for AdamW (else 1) and {@code weightDecay} for Adam (else 0).
   */
  public static void adam(
      double[] p,
      double[] g,
      double[] m,
      double[] v,
      double beta1,
      double oneMinusBeta1,
      double beta2,
      double oneMinusBeta2,
      double weightDecay,
      double decoupledFactor,
      double stepSize,
      double bc2Sqrt,
      double eps) {
    boolean decay = weightDecay != 0;
    boolean decoupled = decoupledFactor != 1;
    for (int i = 0; i < p.length; i++) {
      double pi = decoupled ? p[i] * decoupledFactor : p[i];
      double gi = decay ? g[i] + weightDecay * pi : g[i];
      double mi = beta1 * m[i] + oneMinusBeta1 * gi;
      double vi = beta2 * v[i] + oneMinusBeta2 * (gi * gi);
      m[i] = mi;
      v[i] = vi;
      double denom = Math.sqrt(vi) / bc2Sqrt + eps;
      p[i] = pi - stepSize * (mi / denom);
    }
  }

  /**
   * RMSprop: {@code g += weightDecay * p; s = alpha s + (1 - alpha) g^2}; centered (gAvg not null):
   * {@code a = alpha a + (1 - alpha) g; s~ = s - a^2} (clamped at 0 against rounding); {@code d = g
   * / (sqrt(s~) + eps)}; with momentum (buf not null) {@code b = momentum b + d; p -= lr b}, else
   * {@code p -= lr d}.
   */
  public static void rmsprop(
      double[] p,
      double[] g,
      double[] squareAvg,
      double[] gradAvg,
      double[] buf,
      double lr,
      double alpha,
      double oneMinusAlpha,
      double eps,
      double momentum,
      double weightDecay) {
    boolean decay = weightDecay != 0;
    boolean centered = gradAvg != null;
    boolean withMomentum = buf != null;
    for (int i = 0; i < p.length; i++) {
      double gi = decay ? g[i] + weightDecay * p[i] : g[i];
      double s = alpha * squareAvg[i] + oneMinusAlpha * (gi * gi);
      squareAvg[i] = s;
      if (centered) {
        double a = alpha * gradAvg[i] + oneMinusAlpha * gi;
        gradAvg[i] = a;
        s = Math.max(0, s - a * a);
      }
      double d = gi / (Math.sqrt(s) + eps);
      if (withMomentum) {
        double b = momentum * buf[i] + d;
        buf[i] = b;
        p[i] -= lr * b;
      } else {
        p[i] -= lr * d;
      }
    }
  }

  /** Sum of squares, accumulated in double. */
  public static double sumOfSquares(double[] g) {
    double s = 0;
    for (double x : g) {
      s += x * x;
    }
    return s;
  }

  /** {@code g *= factor}. */
  public static void scale(double[] g, double factor) {
    for (int i = 0; i < g.length; i++) {
      g[i] *= factor;
    }
  }

  /** Clamps every element to {@code [-clip, clip]}; NaN stays NaN. */
  public static void clamp(double[] g, double clip) {
    for (int i = 0; i < g.length; i++) {
      double x = g[i];
      g[i] = x > clip ? clip : (x < -clip ? -clip : x);
    }
  }
}
