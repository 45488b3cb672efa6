/**
 * The elementwise loops: broadcasting binary arithmetic and comparisons, unary functions and their
 * backward rules, per dtype (FLOAT32 by hand, FLOAT64 and INT32 generated) and on the Vector API.
 * They are reached through {@code ElementwiseKernels}; {@code BroadcastRows} plans the
 * broadcasting.
 */
package dev.nabla.core.internal.kernels.elementwise;
