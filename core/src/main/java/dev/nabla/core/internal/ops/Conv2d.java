package dev.nabla.core.internal.ops;

/**
 * 2-d cross-correlation (what every framework calls convolution) of NCHW input {@code x} with
 * weight {@code [O, C/groups, kh, kw]}, plus an optional bias [O], as {@code
 * torch.nn.functional.conv2d} with a stride, zero padding and dilation per axis (square by
 * default): output [N, O, (H + 2p - d·(kh - 1) - 1) / s + 1, (W + 2p - d·(kw - 1) - 1) / s + 1].
 * With {@code groups} g, output channels {@code [j·O/g, (j+1)·O/g)} see only input channels {@code
 * [j·C/g, (j+1)·C/g)} (depthwise: g = C). Applied to {@code (x, weight)} or {@code (x, weight,
 * bias)}. With {@code relu} the result is {@code max(·, 0)}, fused into the kernel's epilogue.
 */
public final class Conv2d extends Convolution {
  /** No dilation, one group. */
  public Conv2d(int stride, int padding) {
    this(stride, padding, 1, 1);
  }

  public Conv2d(int stride, int padding, int dilation, int groups) {
    super("conv2d", 2, stride, padding, dilation, groups);
  }

  /** Per-axis {@code {height, width}} stride, zero padding (each side) and dilation. */
  public Conv2d(int[] stride, int[] padding, int[] dilation, int groups) {
    super("conv2d", 2, stride, padding, dilation, groups);
  }

  /**
   * As {@link #Conv2d(int[], int[], int[], int)}, followed by a fused ReLU when {@code relu}: a
   * convolution layer and its activation as one node and one result tensor.
   */
  public Conv2d(int[] stride, int[] padding, int[] dilation, int groups, boolean relu) {
    super("conv2d", 2, stride, padding, dilation, groups, relu);
  }

  /**
   * With a fused ReLU, and with {@code pool} a 2×2 stride-2 max pool of its output too: {@code
   * maxPool2d(relu(conv2d(·)), 2, 2, 0)} as one node that writes only the pooled result.
   */
  public Conv2d(
      int[] stride, int[] padding, int[] dilation, int groups, boolean relu, boolean pool) {
    super("conv2d", 2, stride, padding, dilation, groups, relu, pool);
  }
}
