package dev.nabla.core.internal.kernels;

/** Matrix products, convolution, pooling and softmax over raw arrays. */
public interface LinalgKernels {}
