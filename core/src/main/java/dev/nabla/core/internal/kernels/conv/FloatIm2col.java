package dev.nabla.core.internal.kernels.conv;

import java.util.Arrays;

/**
 * im2col and its adjoint for FLOAT32: the unfolding of an image into the matrix whose columns are
 * the receptive fields of the output pixels, which turns a convolution into one GEMM.
 */
final class FloatIm2col {
  private FloatIm2col() {}

  /** Unfolds one group of one image into {@code col} ([C/groups·kh·kw, OH·OW]), as below. */
  static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] col) {
    im2col(x, xOff, g, col, 0, g.outH() * g.outW());
  }

  /** The adjoint of {@link #im2col(float[], int, Conv2dGeometry, float[])}. */
  static void col2im(float[] col, Conv2dGeometry g, float[] x, int xOff) {
    col2im(col, 0, g.outH() * g.outW(), g, x, xOff);
  }

  /**
   * Unfolds the {@code C/groups} channels of one group of an image, {@code x[xOff ..]} ([C/groups,
   * H, W]), into columns {@code colOff ..} of {@code col}, whose rows are {@code ld} long: row
   * {@code (c, ki, kj)} holds the input pixel under kernel position (ki, kj) (dilated) for each
   * output position, 0 where that pixel is padding.
   */
  static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] col, int colOff, int ld) {
    int h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
    int sh = g.strideH(), s = g.strideW(), ph = g.padH(), p = g.padW();
    int oh = g.outH(), ow = g.outW();
    int dh = g.dilationH(), dw = g.dilationW();
    int row = 0;
    for (int c = 0; c < g.groupInChannels(); c++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++, row++) {
          int oxLo = g.validLo(kj), oxHi = g.validHi(kj, oxLo);
          int dst = colOff + row * ld;
          for (int oy = 0; oy < oh; oy++, dst += ow) {
            int iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
              Arrays.fill(col, dst, dst + ow, 0f);
              continue;
            }
            Arrays.fill(col, dst, dst + oxLo, 0f);
            int src = xOff + (c * h + iy) * w + oxLo * s - p + kj * dw;
            if (s == 1) {
              System.arraycopy(x, src, col, dst + oxLo, oxHi - oxLo);
            } else {
              for (int ox = oxLo; ox < oxHi; ox++, src += s) {
                col[dst + ox] = x[src];
              }
            }
            Arrays.fill(col, dst + oxHi, dst + ow, 0f);
          }
        }
      }
    }
  }

  /** The adjoint of {@link #im2col}: adds each entry of the columns onto the pixel it came from. */
  static void col2im(float[] col, int colOff, int ld, Conv2dGeometry g, float[] x, int xOff) {
    int h = g.height(), w = g.width(), kh = g.kernelH(), kw = g.kernelW();
    int sh = g.strideH(), s = g.strideW(), ph = g.padH(), p = g.padW();
    int oh = g.outH(), ow = g.outW();
    int dh = g.dilationH(), dw = g.dilationW();
    int row = 0;
    for (int c = 0; c < g.groupInChannels(); c++) {
      for (int ki = 0; ki < kh; ki++) {
        for (int kj = 0; kj < kw; kj++, row++) {
          int oxLo = g.validLo(kj), oxHi = g.validHi(kj, oxLo);
          int src = colOff + row * ld;
          for (int oy = 0; oy < oh; oy++, src += ow) {
            int iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
              continue;
            }
            int dst = xOff + (c * h + iy) * w + oxLo * s - p + kj * dw;
            if (s == 1) {
              for (int ox = oxLo; ox < oxHi; ox++) {
                x[dst + ox - oxLo] += col[src + ox];
              }
            } else {
              for (int ox = oxLo; ox < oxHi; ox++, dst += s) {
                x[dst] += col[src + ox];
              }
            }
          }
        }
      }
    }
  }
}
