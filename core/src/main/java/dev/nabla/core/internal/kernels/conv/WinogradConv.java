package dev.nabla.core.internal.kernels.conv;

import dev.nabla.core.internal.kernels.LinalgKernels.Gemm;
import dev.nabla.core.internal.kernels.gemm.VectorGemm;
import dev.nabla.core.internal.parallel.Parallel;

/**
 * FLOAT32 3×3 stride-1 unpadded convolution, followed by a ReLU and a 2×2 stride-2 max pool, by
 * Winograd's F(2×2, 3×3): each 2×2 output tile is {@code Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A} for its 4×4
 * input patch d and each 3×3 kernel g, 16 multiplies where the direct form needs 36. Summed over
 * the input channels, the element-wise products become 16 GEMMs, one per transform point ξ: {@code
 * M[ξ] [O, tiles] = U[ξ] [O, C] · V[ξ] [C, tiles]}, on {@link VectorGemm}.
 *
 * <p>A 2×2 output tile is exactly one pooling window, so only the tiles the pool keeps are computed
 * (an odd output's last row and column, which floor-mode pooling drops, are never formed) and each
 * tile is pooled as it leaves the output transform: the full-size output is never written. The
 * argmax is the flat [N, O, OH, OW] index of the window's first maximum, as {@link ImplicitConv}'s
 * pooled forward gives it, so its backward pass applies unchanged.
 *
 * <p>Error: the transforms add and halve, so in float32 an output differs from the exact
 * convolution by at most {@link #errorBound} (a small multiple of the direct sum's own worst-case
 * bound, relative to {@code Σ|x||w|}); the tests hold it to that against float64.
 */
public final class WinogradConv {
  private WinogradConv() {}

  /** Fewer input channels than this run as the implicit GEMM: the transforms would dominate. */
  public static final int MIN_CHANNELS = 16;

  /** Tiles per GEMM: the V and M blocks of one chunk stay in a core's L2 cache. */
  private static final int CHUNK_TILES = 128;

  /** Whether geometry {@code g} runs here: 3×3, stride 1, no padding or dilation, one group. */
  public static boolean applies(Conv2dGeometry g) {
    return g.kernelH() == 3
        && g.kernelW() == 3
        && g.isUnitStrideAndDilation()
        && g.padH() == 0
        && g.padW() == 0
        && g.groups() == 1
        && g.inChannels() >= MIN_CHANNELS
        && g.outH() >= 2
        && g.outW() >= 2;
  }

  /**
   * The stated bound on {@code |y - exact|} for an output whose terms have {@code Σ|x||w| = s},
   * with {@code c} input channels: {@code 4 · (9c + 16) · 2^-24 · s}, four times the direct sum's
   * worst case (the transforms' sums of up to four terms and their 1/2 weights at most double each
   * operand's magnitude).
   */
  public static double errorBound(int c, double s) {
    return 4.0 * (9.0 * c + 16) * 0x1p-24 * s;
  }

  /**
   * {@code y = maxPool2d(relu(conv(x, w) + bias), 2, 2, 0)} [N, O, OH/2, OW/2] and its argmax, as
   * {@link ImplicitConv#forward(Conv2dGeometry, float[], float[], float[], float[], boolean,
   * int[])} computes them; {@code g} must satisfy {@link #applies}.
   */
  public static void forwardReluPool(
      Conv2dGeometry g, float[] x, float[] w, float[] bias, float[] y, int[] argmax) {
    int c = g.inChannels(), o = g.outChannels(), h = g.height(), wd = g.width();
    int oh = g.outH(), ow = g.outW(), ph = oh / 2, pw = ow / 2, perImage = ph * pw;
    float[] u = weights(w, o, c);
    int imagesPerChunk = Math.max(1, CHUNK_TILES / perImage);
    int chunks = Math.ceilDiv(g.batch(), imagesPerChunk);
    int tasks = Math.min(g.tasks(), chunks);
    Parallel.forEach(
        tasks,
        t -> {
          int end = Parallel.split(chunks, tasks, t + 1);
          for (int ch = Parallel.split(chunks, tasks, t); ch < end; ch++) {
            int n0 = ch * imagesPerChunk, n1 = Math.min(g.batch(), n0 + imagesPerChunk);
            int tiles = (n1 - n0) * perImage;
            float[] v = Scratch.floats(0, 16 * c * tiles);
            float[] m = Scratch.floats(1, 16 * o * tiles);
            for (int n = n0; n < n1; n++) {
              inputs(x, n, c, h, wd, ph, pw, v, (n - n0) * perImage, tiles);
            }
            for (int xi = 0; xi < 16; xi++) {
              VectorGemm.sgemm(
                  new Gemm(false, false, o, tiles, c, c, tiles, tiles, false),
                  u,
                  xi * o * c,
                  v,
                  xi * c * tiles,
                  m,
                  xi * o * tiles);
            }
            outputs(m, o, tiles, bias, n0, perImage, oh, ow, ph, pw, y, argmax);
          }
        });
  }

  /**
   * U[ξ][k][c] = (G g Gᵀ)[ξ] for each kernel g = w[k][c]; G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]].
   */
  private static float[] weights(float[] w, int o, int c) {
    float[] u = new float[16 * o * c];
    float[] t = new float[12];
    for (int k = 0; k < o; k++) {
      for (int ci = 0; ci < c; ci++) {
        int b = (k * c + ci) * 9;
        // t = G g: 4 rows of 3
        for (int j = 0; j < 3; j++) {
          float g0 = w[b + j], g1 = w[b + 3 + j], g2 = w[b + 6 + j];
          t[j] = g0;
          t[3 + j] = 0.5f * (g0 + g1 + g2);
          t[6 + j] = 0.5f * (g0 - g1 + g2);
          t[9 + j] = g2;
        }
        // (G g) Gᵀ: each row of 3 becomes 4
        for (int i = 0; i < 4; i++) {
          float a0 = t[3 * i], a1 = t[3 * i + 1], a2 = t[3 * i + 2];
          int at = k * c + ci;
          u[(4 * i) * o * c + at] = a0;
          u[(4 * i + 1) * o * c + at] = 0.5f * (a0 + a1 + a2);
          u[(4 * i + 2) * o * c + at] = 0.5f * (a0 - a1 + a2);
          u[(4 * i + 3) * o * c + at] = a2;
        }
      }
    }
    return u;
  }

  /**
   * V[ξ][ci][t] = (Bᵀ d B)[ξ] for the 4×4 patch d of each kept tile of image {@code n}, tile
   * columns {@code t0 ..} of a block {@code ld} wide; Bᵀ = [[1,0,-1,0],[0,1,1,0],[0,-1,1,0],
   * [0,1,0,-1]].
   */
  private static void inputs(
      float[] x, int n, int c, int h, int wd, int ph, int pw, float[] v, int t0, int ld) {
    int plane = c * ld;
    for (int ci = 0; ci < c; ci++) {
      int base = (n * c + ci) * h * wd;
      for (int ty = 0; ty < ph; ty++) {
        int r0 = base + 2 * ty * wd, r1 = r0 + wd, r2 = r1 + wd, r3 = r2 + wd;
        for (int tx = 0; tx < pw; tx++) {
          int q = 2 * tx;
          // columns first: e_j = Bᵀ applied down column j of d
          float c00 = x[r0 + q] - x[r2 + q], c01 = x[r0 + q + 1] - x[r2 + q + 1];
          float c02 = x[r0 + q + 2] - x[r2 + q + 2], c03 = x[r0 + q + 3] - x[r2 + q + 3];
          float c10 = x[r1 + q] + x[r2 + q], c11 = x[r1 + q + 1] + x[r2 + q + 1];
          float c12 = x[r1 + q + 2] + x[r2 + q + 2], c13 = x[r1 + q + 3] + x[r2 + q + 3];
          float c20 = x[r2 + q] - x[r1 + q], c21 = x[r2 + q + 1] - x[r1 + q + 1];
          float c22 = x[r2 + q + 2] - x[r1 + q + 2], c23 = x[r2 + q + 3] - x[r1 + q + 3];
          float c30 = x[r1 + q] - x[r3 + q], c31 = x[r1 + q + 1] - x[r3 + q + 1];
          float c32 = x[r1 + q + 2] - x[r3 + q + 2], c33 = x[r1 + q + 3] - x[r3 + q + 3];
          int at = ci * ld + t0 + ty * pw + tx;
          // then B along each row
          v[at] = c00 - c02;
          v[plane + at] = c01 + c02;
          v[2 * plane + at] = c02 - c01;
          v[3 * plane + at] = c01 - c03;
          v[4 * plane + at] = c10 - c12;
          v[5 * plane + at] = c11 + c12;
          v[6 * plane + at] = c12 - c11;
          v[7 * plane + at] = c11 - c13;
          v[8 * plane + at] = c20 - c22;
          v[9 * plane + at] = c21 + c22;
          v[10 * plane + at] = c22 - c21;
          v[11 * plane + at] = c21 - c23;
          v[12 * plane + at] = c30 - c32;
          v[13 * plane + at] = c31 + c32;
          v[14 * plane + at] = c32 - c31;
          v[15 * plane + at] = c31 - c33;
        }
      }
    }
  }

  /**
   * Y = Aᵀ M A per tile and channel (Aᵀ = [[1,1,1,0],[0,1,-1,-1]]), plus the bias, then the ReLU
   * and the tile's max pool, into {@code y} and {@code argmax} for the chunk's images from {@code
   * n0}.
   */
  private static void outputs(
      float[] m,
      int o,
      int tiles,
      float[] bias,
      int n0,
      int perImage,
      int oh,
      int ow,
      int ph,
      int pw,
      float[] y,
      int[] argmax) {
    int plane = o * tiles;
    int images = tiles / perImage;
    for (int k = 0; k < o; k++) {
      float b = bias == null ? 0f : bias[k];
      for (int j = 0, t = 0; j < images; j++) {
        int n = n0 + j;
        for (int ty = 0; ty < ph; ty++) {
          for (int tx = 0; tx < pw; tx++, t++) {
            int at = k * tiles + t;
            float m0 = m[at], m1 = m[plane + at], m2 = m[2 * plane + at];
            float m3 = m[3 * plane + at], m4 = m[4 * plane + at], m5 = m[5 * plane + at];
            float m6 = m[6 * plane + at], m7 = m[7 * plane + at], m8 = m[8 * plane + at];
            float m9 = m[9 * plane + at], m10 = m[10 * plane + at], m11 = m[11 * plane + at];
            float m12 = m[12 * plane + at], m13 = m[13 * plane + at];
            float m14 = m[14 * plane + at], m15 = m[15 * plane + at];
            // s = Aᵀ M (2 rows of 4), then Y = s A (2 × 2)
            float s00 = m0 + m4 + m8, s01 = m1 + m5 + m9, s02 = m2 + m6 + m10;
            float s03 = m3 + m7 + m11;
            float s10 = m4 - m8 - m12, s11 = m5 - m9 - m13, s12 = m6 - m10 - m14;
            float s13 = m7 - m11 - m15;
            float y00 = Math.max(s00 + s01 + s02 + b, 0f);
            float y01 = Math.max(s01 - s02 - s03 + b, 0f);
            float y10 = Math.max(s10 + s11 + s12 + b, 0f);
            float y11 = Math.max(s11 - s12 - s13 + b, 0f);
            int best = Pool2x2.firstMax(y00, y01, y10, y11);
            int out = ((n * o + k) * ph + ty) * pw + tx;
            y[out] = Math.max(Math.max(y00, y01), Math.max(y10, y11));
            argmax[out] = ((n * o + k) * oh + 2 * ty + (best >> 1)) * ow + 2 * tx + (best & 1);
          }
        }
      }
    }
  }
}
