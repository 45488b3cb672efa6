/**
 * Fused scaled dot-product attention: per (batch, head) slice, the logits' GEMM with the keys read
 * transposed in place, the mask, scale and row softmax in place, dropout, and the product with the
 * values, and the backward pass from the saved probabilities. Reached through {@code
 * LinalgKernels}.
 */
package dev.nabla.core.internal.kernels.attention;
