package dev.nabla.core;

/**
 * The result of {@link Tensor#topk(int, int, boolean, boolean)}, as PyTorch's {@code
 * torch.return_types.topk}.
 *
 * @param values the k largest (or smallest) values along the axis, differentiable
 * @param indices their INT32 positions along that axis, of the same shape
 */
public record TopK(Tensor values, Tensor indices) {}
