/**
 * Matrix products: the plain BLAS-style GEMM per dtype and the blocked single-precision GEMM on the
 * Vector API with its packing, row kernels and generated register-blocked micro-kernels. They are
 * reached through {@code LinalgKernels.gemm}, and convolution runs on them.
 */
package dev.nabla.core.internal.kernels.gemm;
