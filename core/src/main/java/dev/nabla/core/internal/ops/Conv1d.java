package dev.nabla.core.internal.ops;

/**
 * 1-d cross-correlation of input {@code [N, C, L]} with weight {@code [O, C/groups, k]}, plus an
 * optional bias [O], as {@code torch.nn.functional.conv1d}: output [N, O, (L + 2p - d·(k - 1) - 1)
 * / s + 1]. Runs on the 2-d convolution kernels as images of height 1, without a copy. Applied to
 * {@code (x, weight)} or {@code (x, weight, bias)}.
 */
public final class Conv1d extends Convolution {
  public Conv1d(int stride, int padding, int dilation, int groups) {
    super("conv1d", 1, stride, padding, dilation, groups);
  }
}
