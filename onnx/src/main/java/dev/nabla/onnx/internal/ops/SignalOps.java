package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.Attributes;
import dev.nabla.onnx.internal.runtime.NodeSpec;
import dev.nabla.onnx.internal.runtime.OpKernel;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.Arrays;

/**
 * Signal processing (opset 17): the window functions HannWindow, HammingWindow, BlackmanWindow,
 * MelWeightMatrix, DFT and STFT. The transforms multiply by cosine and sine matrices, so they are
 * differentiable in the signal (and STFT in its window).
 */
final class SignalOps {
  private SignalOps() {}

  /** The generalised cosine window a0 - a1 cos(2πn/M) + a2 cos(4πn/M). */
  static OpKernel window(NodeSpec node, double a0, double a1, double a2) {
    node.requireInputs(1, 1);
    Attributes a = node.attributes();
    DType dtype = outputType(a);
    long periodic = a.getInt("periodic", 1);
    OpUtil.require(periodic == 0 || periodic == 1, "periodic must be 0 or 1, got " + periodic);
    String op = node.opType();
    return in -> {
      int size = scalar(in[0], op + ": size");
      if (size < 0) {
        throw new IllegalArgumentException(op + ": size must be >= 0, got " + size);
      }
      double m = periodic == 1 ? size : size - 1;
      double[] w = new double[size];
      for (int n = 0; n < size; n++) {
        double t = m == 0 ? 0 : 2 * Math.PI * n / m;
        w[n] = a0 - a1 * Math.cos(t) + a2 * Math.cos(2 * t);
      }
      return new Tensor[] {Tensor.of(w, size).to(dtype)};
    };
  }

  /**
   * MelWeightMatrix: [dft_length/2 + 1, num_mel_bins] triangles of peak 1 between mel-spaced
   * spectrogram bins, as ONNX's reference computes them (the mel range split into num_mel_bins + 2
   * steps, each edge rounded down to a bin).
   */
  static OpKernel melWeightMatrix(NodeSpec node) {
    node.requireInputs(5, 5);
    DType dtype = outputType(node.attributes());
    return in -> {
      String op = "MelWeightMatrix";
      int bins = scalar(in[0], op + ": num_mel_bins");
      int dftLength = scalar(in[1], op + ": dft_length");
      int sampleRate = scalar(in[2], op + ": sample_rate");
      double lower = floatScalar(in[3], op + ": lower_edge_hertz");
      double upper = floatScalar(in[4], op + ": upper_edge_hertz");
      if (bins < 1 || dftLength < 1 || sampleRate < 1 || !(lower >= 0) || !(upper > lower)) {
        throw new IllegalArgumentException(
            op
                + ": needs num_mel_bins, dft_length, sample_rate >= 1 and 0 <= lower_edge_hertz <"
                + " upper_edge_hertz, got "
                + bins
                + ", "
                + dftLength
                + ", "
                + sampleRate
                + ", "
                + lower
                + ", "
                + upper);
      }
      int spectrogramBins = dftLength / 2 + 1;
      double lowMel = 2595 * Math.log10(1 + lower / 700);
      double highMel = 2595 * Math.log10(1 + upper / 700);
      double step = (highMel - lowMel) / (bins + 2);
      int[] edge = new int[bins + 2];
      for (int i = 0; i < edge.length; i++) {
        double hz = 700 * (Math.pow(10, (i * step + lowMel) / 2595) - 1);
        edge[i] = (int) Math.floor((dftLength + 1) * hz / sampleRate);
        if (edge[i] < 0 || edge[i] >= spectrogramBins) {
          throw new IllegalArgumentException(
              op
                  + ": upper_edge_hertz "
                  + upper
                  + " maps past the last of the "
                  + spectrogramBins
                  + " spectrogram bins (sample_rate "
                  + sampleRate
                  + ")");
        }
      }
      double[] w = new double[spectrogramBins * bins];
      for (int i = 0; i < bins; i++) {
        int lo = edge[i], center = edge[i + 1], hi = edge[i + 2];
        if (center == lo) {
          w[center * bins + i] = 1;
        } else {
          for (int j = lo; j <= center; j++) {
            w[j * bins + i] = (double) (j - lo) / (center - lo);
          }
        }
        for (int j = center; j < hi; j++) {
          w[j * bins + i] = (double) (hi - j) / (hi - center);
        }
      }
      return new Tensor[] {Tensor.of(w, spectrogramBins, bins).to(dtype)};
    };
  }

  static OpKernel dft(NodeSpec node) {
    node.requireInputs(1, 2);
    Attributes a = node.attributes();
    long axisAttr = a.getInt("axis", 1);
    boolean inverse = flag(a, "inverse"), onesided = flag(a, "onesided");
    OpUtil.require(
        !(inverse && onesided), "onesided with inverse (a real inverse DFT) is not supported");
    return in -> {
      Tensor x = in[0];
      checkSignal("DFT", x, 3);
      int axis = OpUtil.axis(axisAttr, x.rank(), "DFT");
      if (axis == x.rank() - 1) {
        throw new IllegalArgumentException(
            "DFT: axis " + axisAttr + " is the last (real/imaginary) axis of " + shape(x));
      }
      int n = in.length > 1 && in[1] != null ? scalar(in[1], "DFT: dft_length") : x.dim(axis);
      return new Tensor[] {transform("DFT", x, axis, n, onesided, inverse)};
    };
  }

  static OpKernel stft(NodeSpec node) {
    node.requireInputs(2, 4);
    long os = node.attributes().getInt("onesided", 1);
    OpUtil.require(os == 0 || os == 1, "onesided must be 0 or 1, got " + os);
    boolean onesided = os == 1;
    return in -> {
      Tensor signal = in[0];
      checkSignal("STFT", signal, 3);
      if (signal.rank() != 3) {
        throw new IllegalArgumentException(
            "STFT: the signal must be [batch, length, 1 or 2], got " + shape(signal));
      }
      int step = scalar(in[1], "STFT: frame_step");
      Tensor window = in.length > 2 ? in[2] : null;
      Integer frameLength =
          in.length > 3 && in[3] != null ? scalar(in[3], "STFT: frame_length") : null;
      if (window != null && (window.rank() != 1 || window.dtype() != signal.dtype())) {
        throw new IllegalArgumentException(
            "STFT: the window must be 1-d of the signal's dtype "
                + signal.dtype()
                + ", got "
                + window.dtype()
                + shape(window));
      }
      if (window == null && frameLength == null) {
        throw new IllegalArgumentException("STFT: needs a window or a frame_length");
      }
      int length = window != null ? window.dim(0) : frameLength;
      if (window != null && frameLength != null && frameLength != length) {
        throw new IllegalArgumentException(
            "STFT: frame_length " + frameLength + " differs from the window's length " + length);
      }
      int total = signal.dim(1);
      if (step < 1 || length < 1 || length > total) {
        throw new IllegalArgumentException(
            "STFT: needs frame_step >= 1 and 1 <= frame length <= the signal's length "
                + total
                + ", got frame_step "
                + step
                + " and frame length "
                + length);
      }
      if (onesided && signal.dim(2) == 2) {
        throw new IllegalArgumentException("STFT: onesided needs a real signal, got a complex one");
      }
      int frames = (total - length) / step + 1;
      Tensor[] f = new Tensor[frames];
      for (int i = 0; i < frames; i++) {
        f[i] = signal.slice(1, i * step, i * step + length);
      }
      Tensor x = Tensor.stack(1, f); // [batch, frames, length, c]
      if (window != null) {
        x = x.mul(window.reshape(length, 1));
      }
      return new Tensor[] {transform("STFT", x, 2, length, onesided, false)};
    };
  }

  /**
   * The DFT of {@code x} ([..., c] with c = 1 real or 2 complex) along {@code axis}, of length
   * {@code n} (the signal cut or zero-padded to it); onesided keeps bins 0 to n/2; inverse uses
   * e^{+iθ} and divides by n. The result is [..., 2].
   */
  private static Tensor transform(
      String op, Tensor x, int axis, int n, boolean onesided, boolean inverse) {
    int last = x.rank() - 1;
    boolean complex = x.dim(last) == 2;
    if (onesided && complex) {
      throw new IllegalArgumentException(op + ": onesided needs a real input, got a complex one");
    }
    if (n < 1) {
      throw new IllegalArgumentException(op + ": the DFT length must be >= 1, got " + n);
    }
    int rank = last; // the signal's rank without the complex axis
    int[] perm = new int[rank];
    int[] back = new int[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      if (i != axis) {
        perm[j++] = i;
      }
    }
    perm[rank - 1] = axis;
    for (int i = 0; i < rank; i++) {
      back[perm[i]] = i;
    }
    Tensor re = fit(x.slice(last, 0, 1).squeeze(last).permute(perm), n);
    Tensor im = complex ? fit(x.slice(last, 1, 2).squeeze(last).permute(perm), n) : null;
    int k = onesided ? n / 2 + 1 : n;
    double[] c = new double[n * k], s = new double[n * k];
    for (int t = 0; t < n; t++) {
      for (int f = 0; f < k; f++) {
        double theta = 2 * Math.PI * ((long) t * f % n) / n;
        c[t * k + f] = Math.cos(theta);
        s[t * k + f] = (inverse ? 1 : -1) * Math.sin(theta);
      }
    }
    Tensor cos = Tensor.of(c, n, k).to(x.dtype()), sin = Tensor.of(s, n, k).to(x.dtype());
    // (re + i im)(cos + i sin) = re cos - im sin + i (im cos + re sin)
    Tensor yr = re.matmul(cos), yi = re.matmul(sin);
    if (im != null) {
      yr = yr.sub(im.matmul(sin));
      yi = yi.add(im.matmul(cos));
    }
    if (inverse) {
      yr = yr.div(n);
      yi = yi.div(n);
    }
    return Tensor.stack(rank, yr.permute(back), yi.permute(back));
  }

  /** {@code x} cut or zero-padded along its last axis to length n. */
  private static Tensor fit(Tensor x, int n) {
    int last = x.rank() - 1, have = x.dim(last);
    if (have == n) {
      return x;
    }
    if (have > n) {
      return x.slice(last, 0, n);
    }
    int[] pad = x.shape();
    pad[last] = n - have;
    return Tensor.concat(last, x, Tensor.zeros(x.dtype(), pad));
  }

  private static void checkSignal(String op, Tensor x, int minRank) {
    if (x.dtype() != DType.FLOAT32 && x.dtype() != DType.FLOAT64) {
      throw new IllegalArgumentException(
          op + ": the input must be float32 or float64, got " + x.dtype());
    }
    if (x.rank() < minRank || (x.dim(x.rank() - 1) != 1 && x.dim(x.rank() - 1) != 2)) {
      throw new IllegalArgumentException(
          op
              + ": the input must be [batch, signal..., 1 (real) or 2 (complex)] of rank >= "
              + minRank
              + ", got "
              + shape(x));
    }
  }

  private static boolean flag(Attributes a, String name) {
    long v = a.getInt(name, 0);
    OpUtil.require(v == 0 || v == 1, name + " must be 0 or 1, got " + v);
    return v == 1;
  }

  /** output_datatype: FLOAT (1, the default) or DOUBLE (11). */
  private static DType outputType(Attributes a) {
    long t = a.getInt("output_datatype", 1);
    if (t == 1) {
      return DType.FLOAT32;
    }
    if (t == 11) {
      return DType.FLOAT64;
    }
    throw new UnsupportedNodeException(
        "output_datatype " + t + " is not supported (nabla writes 1 = FLOAT or 11 = DOUBLE)");
  }

  /** A one-element integer tensor's value. */
  static int scalar(Tensor t, String what) {
    if (t == null || t.size() != 1) {
      throw new IllegalArgumentException(
          what + " must be a scalar, got " + (t == null ? "nothing" : shape(t)));
    }
    return OpUtil.ints(t, what)[0];
  }

  /** A one-element float tensor's value. */
  static double floatScalar(Tensor t, String what) {
    if (t.size() != 1 || !t.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          what + " must be a float scalar, got " + t.dtype() + shape(t));
    }
    return t.toDoubleArray()[0];
  }

  private static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }
}
