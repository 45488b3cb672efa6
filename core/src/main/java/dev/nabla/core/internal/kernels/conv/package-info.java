/**
 * Convolution and pooling over NCHW arrays: their geometries, the choice between implicit GEMM,
 * batched and per-image im2col, the im2col unfolding, and the pooling loops. They are reached
 * through {@code LinalgKernels}.
 */
package dev.nabla.core.internal.kernels.conv;
